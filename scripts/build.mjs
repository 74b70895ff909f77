// Bundles the three programs the extension ships: the extension (Node, `vscode` external), the
// simulated Hyper-V host (Node, spawned in place of PowerShell) and the panel (browser).
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  metafile: true,
};

const builds = [
  { ...common, entryPoints: ['src/ui/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { ...common, entryPoints: ['src/simulator/main.ts'], outfile: 'dist/simulator.js', platform: 'node', format: 'cjs', target: 'node20' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  for (const [i, result] of results.entries()) {
    const out = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'));
    if (out) console.log(`${builds[i].outfile}: ${(out[1].bytes / 1024).toFixed(1)} KB`);
  }
}
