// `npm test`: build, compile the tests, run the unit suite (more stages are added by the harness).
import { spawnSync } from 'node:child_process';

const only = process.argv[2];
function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: false });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
run(process.execPath, ['scripts/build.mjs']);
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.', '--outDir', 'out']);
if (!only || only === 'unit') run(process.execPath, ['node_modules/mocha/bin/mocha.js', '--recursive', 'out/test/unit', '--extension', 'test.js']);
