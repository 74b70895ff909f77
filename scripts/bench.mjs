// `npm run bench`: production bundles, compiled bench, then the measurements side by side.
import { spawnSync } from 'node:child_process';

function run(args) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
run(['scripts/build.mjs', '--production']);
run(['node_modules/typescript/bin/tsc', '-p', '.', '--outDir', 'out']);
run(['--expose-gc', 'out/test/bench/main.js']);
