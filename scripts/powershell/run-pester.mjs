// The Pester stage of `npm test`: builds the module (the tests import the built file, as the
// extension does), makes sure pwsh and Pester are there (ensure-pwsh.mjs), then runs every
// *.Tests.ps1 under test/pester in one pwsh.
//
//   node scripts/powershell/run-pester.mjs [--results-json <file>] [test files or folders]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../vscode/ensure-runtime.mjs';
import { buildModule } from './build-module.mjs';
import { ensurePowerShell } from './ensure-pwsh.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--results-json');
const countsFile = at >= 0 ? path.resolve(args[at + 1]) : undefined;
const paths = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1)).map((p) => path.resolve(p));

try {
  buildModule();
  const { pwsh, pester } = ensurePowerShell();
  const runner = path.join(repoRoot, 'scripts', 'powershell', 'Invoke-GpuPvPester.ps1');
  const testPaths = paths.length ? paths : [path.join(repoRoot, 'test', 'pester')];
  const r = spawnSync(
    pwsh,
    [
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-File',
      runner,
      '-PesterManifest',
      pester,
      '-Path',
      testPaths.join(path.delimiter),
      ...(countsFile ? ['-CountsFile', countsFile] : []),
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
} catch (e) {
  console.error(`[pester] FAILED: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
