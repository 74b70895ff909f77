// Bundles the three programs the extension ships: the extension (Node, `vscode` external), the
// simulated Hyper-V host (Node, spawned in place of PowerShell) and the panel (browser); and builds
// the PowerShell module from its one-function-per-file sources (scripts/powershell/build-module.mjs).
import fs from 'node:fs';
import * as esbuild from 'esbuild';
import { MODULE_SOURCE, buildModule } from './powershell/build-module.mjs';

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

const builds = [
  {
    ...common,
    entryPoints: ['src/ui/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  { ...common, entryPoints: ['src/simulator/main.ts'], outfile: 'dist/simulator.js', platform: 'node', format: 'cjs', target: 'node20' },
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

const moduleBuilt = buildPowerShellModule();
if (watch) {
  fs.watch(MODULE_SOURCE, { recursive: true }, () => buildPowerShellModule());
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  for (const [i, result] of results.entries()) {
    const out = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'));
    if (out) console.log(`${builds[i].outfile}: ${(out[1].bytes / 1024).toFixed(1)} KB`);
  }
}
if (!moduleBuilt) process.exitCode = 1;
