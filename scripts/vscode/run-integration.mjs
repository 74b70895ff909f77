// Runs the integration suite (out/test/integration/**/*.test.js) inside a real VS Code extension
// host through @vscode/test-electron's runTests, as extension repositories do: an Extension
// Development Host for this checkout (no .vsix) with extensionTestsPath = out/test/integration/index.
// The VS Code it launches is scripts/vscode/code-server-launcher.mjs (code-server + Chromium, since no
// desktop VS Code can be downloaded here), or a desktop VS Code's executable named by
// GPUPV_VSCODE_EXECUTABLE: the same entry serves both. The counts come from the suite itself
// (GPUPV_TEST_RESULTS); the exit code is 0 only when every test passed.
//
// --face module: the simulated hosts run the real GpuPv.psm1 in pwsh over the Hyper-V double
// (GPUPV_SIMULATED_FACE=module, pwsh from scripts/powershell/ensure-pwsh.mjs); the tests it cannot
// run are left out by the named rules of test/integration/support/faceExclusions.ts, listed and counted.
//
//   node scripts/vscode/run-integration.mjs [--face simulator|module] [--grep <pattern>] [--results-json <file>] [--timeout <s>]
// Expects a built extension (dist/) and compiled tests (out/): `npm test -- integration` does both.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { freshRunDir } from './codeServer.mjs';
import { ensureRuntime, repoRoot } from './ensure-runtime.mjs';
import { moduleFaceEnv } from '../powershell/ensure-pwsh.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    'results-json': { type: 'string' },
    // The module face starts pwsh for each test's host: about 3 times the simulator face's time.
    timeout: { type: 'string' },
    face: { type: 'string', default: 'simulator' },
  },
});
if (!['simulator', 'module'].includes(opts.face)) throw new Error(`--face is simulator or module, not ${opts.face}`);

const LAUNCHER = path.join(repoRoot, 'scripts', 'vscode', 'code-server-launcher.mjs');
const STAGE = opts.face === 'module' ? 'integration (real module)' : 'integration';
const log = (msg) => console.log(`[${STAGE}] ${msg}`);
const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function writeResults(results) {
  if (!opts['results-json']) return;
  fs.mkdirSync(path.dirname(path.resolve(opts['results-json'])), { recursive: true });
  fs.writeFileSync(opts['results-json'], JSON.stringify(results, null, 2));
}

function readResults(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function main() {
  const index = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
  for (const need of [index, path.join(repoRoot, 'dist', 'extension.js')]) {
    if (!fs.existsSync(need))
      throw new Error(`${path.relative(repoRoot, need)} is missing: build first (npm test -- integration builds and compiles)`);
  }
  const vscodeExecutablePath = process.env.GPUPV_VSCODE_EXECUTABLE || LAUNCHER;
  if (vscodeExecutablePath === LAUNCHER) ensureRuntime();

  const runDir = freshRunDir(opts.face === 'module' ? 'integration-module' : 'integration');
  const resultsFile = path.join(runDir, 'results.json');
  const extensionTestsEnv = {
    GPUPV_TEST_RESULTS: resultsFile,
    GPUPV_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
    GPUPV_LAUNCHER_TIMEOUT_SECONDS: opts.timeout ?? (opts.face === 'module' ? '1200' : '300'),
    ...(opts.grep ? { GPUPV_TEST_GREP: opts.grep } : {}),
    ...(opts.face === 'module' ? moduleFaceEnv() : {}),
  };
  log(`runTests with ${path.relative(repoRoot, vscodeExecutablePath) || vscodeExecutablePath}`);
  let exitCode;
  let crashed;
  try {
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: index.replace(/\.js$/, ''),
      launchArgs: [
        path.join(runDir, 'workspace'),
        `--user-data-dir=${path.join(runDir, 'ud')}`,
        `--extensions-dir=${path.join(runDir, 'ext')}`,
      ],
      extensionTestsEnv,
    });
  } catch (e) {
    crashed = e;
    exitCode = e?.code;
  }

  const results = readResults(resultsFile);
  if (!results) console.error(`[${STAGE}] the suite reported no results (${crashed instanceof Error ? crashed.message : 'no error'})`);
  const passed = results?.passed ?? 0;
  const ok = !crashed && !!results && results.failed === 0 && exitCode === 0;
  // a crash, a timeout or a missing report counts as (at least) one failure
  const failed = ok ? 0 : Math.max(results?.failed ?? 0, 1);
  const excluded = results?.excluded ?? 0;
  for (const { rule, reason, tests } of results?.exclusions ?? []) {
    console.log(`\n[${STAGE}] left out by the rule "${rule}" (${tests.length}): ${reason}`);
    for (const title of tests) console.log(`  - ${title}`);
  }
  writeResults({ passed, failed, pending: results?.pending ?? 0, excluded, crashed: !results || (!!crashed && !results.failed) });
  log(`finished in ${since()}, exit code ${exitCode ?? 'none'}`);
  console.log(`${STAGE}: ${passed} passed, ${failed} failed${excluded ? `, ${excluded} left out by named rules (listed above)` : ''}`);
  if (ok && !process.env.GPUPV_KEEP_RUNS) fs.rmSync(runDir, { recursive: true, force: true });
  else if (!ok) log(`kept ${path.relative(repoRoot, runDir)} for inspection`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[${STAGE}] FAILED: ${e instanceof Error ? e.stack : e}`);
    writeResults({ passed: 0, failed: 1, pending: 0, crashed: true });
    console.log(`${STAGE}: 0 passed, 1 failed`);
    process.exit(1);
  },
);
