// Bundles the programs the extension ships: the extension (Node, `vscode` external), the simulated
// Hyper-V host (Node, spawned in place of PowerShell), its real-module face (Node: the Hyper-V
// double's cmdlet server, then pwsh; its PowerShell modules copied to dist/double) and the panel
// (browser); and builds the PowerShell module from its one-function-per-file sources
// (scripts/powershell/build-module.mjs).
import fs from 'node:fs';
import * as esbuild from 'esbuild';
import { MODULE_SOURCE, buildModule } from './powershell/build-module.mjs';

const DOUBLE_SOURCE = 'src/simulator/cmdlets/modules';
const DOUBLE_OUTPUT = 'dist/double';
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// zod re-exports all of its ~40 message locales (140 KB minified); we only use English, which
// zod imports on its own, so the locale index is replaced by an empty module.
const dropZodLocales = {
  name: 'drop-zod-locales',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty-module' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'empty-module' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

const common = {
  plugins: [dropZodLocales],
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  metafile: true,
};

// Node 21 made `navigator` a global, and VS Code's extension host reports every read of it as a
// PendingMigrationError in its log. Bundled libraries probe it at load time to sniff browsers (zod's
// "is this Cloudflare?" check runs when its first object schema is built; debug's colour check), so
// in the Node programs the name is the undefined it was before Node 21.
const nodeOnly = { define: { navigator: 'undefined' } };

const builds = [
  {
    ...common,
    ...nodeOnly,
    entryPoints: ['src/ui/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    ...nodeOnly,
    entryPoints: ['src/simulator/main.ts'],
    outfile: 'dist/simulator.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    ...nodeOnly,
    entryPoints: ['src/simulator/cmdlets/moduleFace.ts'],
    outfile: 'dist/moduleFace.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The panel's page: browser IIFE; its CSS import becomes dist/webview.css.
  { ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'chrome120' },
];

function buildPowerShellModule() {
  try {
    const { output, bytes } = buildModule();
    console.log(`${output.slice(process.cwd().length + 1)}: ${(bytes / 1024).toFixed(1)} KB`);
    return true;
  } catch (e) {
    console.error(`[module] ${e instanceof Error ? e.message : e}`);
    return false;
  }
}

/**
 * In watch mode esbuild stays silent and this reports instead: one "build started" before the first
 * of the three rebuilds and one "build finished" after the last, each error or warning once (the
 * bundles share sources) as `✘ [ERROR] text` or `▲ [WARNING] text` with `    file:line:column:` on
 * the next line: what the problem matcher of the "watch" task in .vscode/tasks.json reads (F5 waits
 * for the first "finished").
 */
function watchReporter() {
  let running = 0;
  let reported = new Set();
  const report = (label, { text, location }) => {
    // esbuild counts columns from 0, VS Code's problem matchers from 1
    const where = location ? `    ${location.file}:${location.line}:${location.column + 1}:` : '';
    if (reported.has(`${label}${text}${where}`)) return;
    reported.add(`${label}${text}${where}`);
    console.error(`${label} ${text}${where ? `\n${where}` : ''}`);
  };
  return {
    name: 'watch-reporter',
    setup(build) {
      build.onStart(() => {
        if (running++ > 0) return;
        reported = new Set();
        console.log('[watch] build started');
      });
      build.onEnd((result) => {
        for (const error of result.errors) report('✘ [ERROR]', error);
        for (const warning of result.warnings) report('▲ [WARNING]', warning);
        if (--running === 0) console.log('[watch] build finished');
      });
    },
  };
}

/** The double's modules beside dist/moduleFace.js, which puts them first on pwsh's PSModulePath. */
function copyDoubleModules() {
  fs.rmSync(DOUBLE_OUTPUT, { recursive: true, force: true });
  fs.cpSync(DOUBLE_SOURCE, DOUBLE_OUTPUT, { recursive: true });
}

const moduleBuilt = buildPowerShellModule();
copyDoubleModules();
if (watch) {
  fs.watch(MODULE_SOURCE, { recursive: true }, () => buildPowerShellModule());
  fs.watch(DOUBLE_SOURCE, { recursive: true }, () => copyDoubleModules());
  const reporter = watchReporter();
  for (const options of builds) {
    await (await esbuild.context({ ...options, logLevel: 'silent', plugins: [...options.plugins, reporter] })).watch();
  }
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  for (const [i, result] of results.entries()) {
    const out = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'));
    if (out) console.log(`${builds[i].outfile}: ${(out[1].bytes / 1024).toFixed(1)} KB`);
  }
}
if (!moduleBuilt) process.exitCode = 1;
