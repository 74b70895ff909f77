// Runs the integration suite (out/test/integration/**/*.test.js) inside a real VS Code extension
// host through @vscode/test-electron's runTests, as extension repositories do: an Extension
// Development Host for this checkout (no .vsix) with extensionTestsPath = out/test/integration/index.
// The VS Code it launches is scripts/vscode/code-server-launcher.mjs (code-server + Chromium, since no
// desktop VS Code can be downloaded here), or a desktop VS Code's executable named by
// GPUPV_VSCODE_EXECUTABLE: the same entry serves both. The counts come from the suite itself
// (GPUPV_TEST_RESULTS); the exit code is 0 only when every test passed.
//
//   node scripts/vscode/run-integration.mjs [--grep <pattern>] [--results-json <file>] [--timeout <s>]
// Expects a built extension (dist/) and compiled tests (out/): `npm test -- integration` does both.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { freshRunDir } from './codeServer.mjs';
import { ensureRuntime, repoRoot } from './ensure-runtime.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    'results-json': { type: 'string' },
    timeout: { type: 'string', default: '300' },
  },
});

const LAUNCHER = path.join(repoRoot, 'scripts', 'vscode', 'code-server-launcher.mjs');
const log = (msg) => console.log(`[integration] ${msg}`);
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

  const runDir = freshRunDir('integration');
  const resultsFile = path.join(runDir, 'results.json');
  const extensionTestsEnv = {
    GPUPV_TEST_RESULTS: resultsFile,
    GPUPV_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
    GPUPV_LAUNCHER_TIMEOUT_SECONDS: opts.timeout,
    ...(opts.grep ? { GPUPV_TEST_GREP: opts.grep } : {}),
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
  if (!results) console.error(`[integration] the suite reported no results (${crashed instanceof Error ? crashed.message : 'no error'})`);
  const passed = results?.passed ?? 0;
  const ok = !crashed && !!results && results.failed === 0 && exitCode === 0;
  // a crash, a timeout or a missing report counts as (at least) one failure
  const failed = ok ? 0 : Math.max(results?.failed ?? 0, 1);
  writeResults({ passed, failed, pending: results?.pending ?? 0, crashed: !results || (!!crashed && !results.failed) });
  log(`finished in ${since()}, exit code ${exitCode ?? 'none'}`);
  console.log(`integration: ${passed} passed, ${failed} failed`);
  if (ok && !process.env.GPUPV_KEEP_RUNS) fs.rmSync(runDir, { recursive: true, force: true });
  else if (!ok) log(`kept ${path.relative(repoRoot, runDir)} for inspection`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[integration] FAILED: ${e instanceof Error ? e.stack : e}`);
    writeResults({ passed: 0, failed: 1, pending: 0, crashed: true });
    console.log('integration: 0 passed, 1 failed');
    process.exit(1);
  },
);
