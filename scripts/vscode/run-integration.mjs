// Runs the integration suite (out/test/integration/**/*.test.js) inside a real VS Code extension
// host: code-server as an Extension Development Host for this checkout (no .vsix), opened in
// Chromium with extensionTestsPath = out/test/integration/index. The mocha report is streamed to
// this terminal; the exit code is 0 only when every test passed.
//
//   node scripts/vscode/run-integration.mjs [--grep <pattern>] [--results-json <file>] [--timeout <s>]
// Expects a built extension (dist/) and compiled tests (out/): `npm test -- integration` does both.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  cleanupAll,
  isShuttingDown,
  freshRunDir,
  launchChromium,
  startCodeServer,
  tail,
  withTimeout,
  workbenchUrl,
} from './codeServer.mjs';
import { ensureRuntime, repoRoot } from './ensure-runtime.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    'results-json': { type: 'string' },
    timeout: { type: 'string', default: '300' },
    verbose: { type: 'boolean', default: !!process.env.GPUPV_VERBOSE },
  },
});

const log = (msg) => console.log(`[integration] ${msg}`);
const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function writeResults(results) {
  if (!opts['results-json']) return;
  fs.mkdirSync(path.dirname(path.resolve(opts['results-json'])), { recursive: true });
  fs.writeFileSync(opts['results-json'], JSON.stringify(results, null, 2));
}

/** Streams what the extension host appends to `file` to our stdout. */
function follow(file) {
  let pos = 0;
  const pump = () => {
    let fd;
    try {
      fd = fs.openSync(file, 'r');
      const { size } = fs.fstatSync(fd);
      if (size > pos) {
        const buf = Buffer.alloc(size - pos);
        fs.readSync(fd, buf, 0, buf.length, pos);
        pos = size;
        process.stdout.write(buf);
      }
    } catch {
      /* not created yet */
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  };
  const timer = setInterval(pump, 200);
  return () => {
    clearInterval(timer);
    pump();
  };
}

async function main() {
  const index = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
  for (const need of [index, path.join(repoRoot, 'dist', 'extension.js')]) {
    if (!fs.existsSync(need))
      throw new Error(`${path.relative(repoRoot, need)} is missing: build first (npm test -- integration builds and compiles)`);
  }
  ensureRuntime();

  const runDir = freshRunDir('integration');
  const mochaLog = path.join(runDir, 'mocha.log');
  const resultsFile = path.join(runDir, 'results.json');
  fs.writeFileSync(mochaLog, '');
  const env = {
    GPUPV_TEST_LOG: mochaLog,
    GPUPV_TEST_RESULTS: resultsFile,
    GPUPV_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
  };
  if (opts.grep) env.GPUPV_TEST_GREP = opts.grep;

  const server = await startCodeServer({ runDir, smokeTestDriver: true, env, echo: opts.verbose });
  log(`code-server ready on ${server.url} in ${server.readyMs} ms (run dir ${path.relative(repoRoot, runDir)})`);

  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => opts.verbose && log(`page error: ${e.message}`));
  page.on('console', (m) => opts.verbose && m.type() === 'error' && log(`console: ${m.text()}`));

  let exitCode;
  let resolveExit;
  const exited = new Promise((resolve) => (resolveExit = resolve));
  // registered before goto: the workbench's smoke-test driver calls it when the suite is done
  await page.exposeFunction('codeAutomationExit', (code) => {
    exitCode = Number(code);
    resolveExit(exitCode);
  });

  const stopFollowing = follow(mochaLog);
  const url = workbenchUrl(server.url, {
    folder: server.workspace,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: index.replace(/\.js$/, ''),
  });
  log('opening the Extension Development Host');
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  const timeoutMs = Number(opts.timeout) * 1000;
  let crashed;
  try {
    await withTimeout(
      Promise.race([exited, server.exited.then(() => Promise.reject(new Error('code-server exited during the run')))]),
      timeoutMs,
      'waiting for the integration suite to finish',
    );
  } catch (e) {
    crashed = e;
  }
  stopFollowing();

  let results;
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    results = undefined;
  }

  if (crashed || !results) {
    const shot = path.join(repoRoot, 'test-results', 'integration-failure.png');
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot }).catch(() => {});
    console.error(`[integration] ${crashed ? crashed.message : 'the suite reported no results'} (exit code ${exitCode ?? 'none'})`);
    console.error(`[integration] screenshot: ${path.relative(repoRoot, shot)}; code-server log: ${server.logFile}`);
    console.error(tail(server.logFile, 20));
  }
  await cleanupAll();

  const passed = results?.passed ?? 0;
  const ok = !crashed && !!results && results.failed === 0 && exitCode === 0;
  // a crash, a timeout or a missing report counts as (at least) one failure
  const failed = ok ? 0 : Math.max(results?.failed ?? 0, 1);
  writeResults({ passed, failed, pending: results?.pending ?? 0, crashed: !results || !!crashed });
  log(`finished in ${since()}, exit code ${exitCode ?? 'none'}`);
  console.log(`integration: ${passed} passed, ${failed} failed`);
  if (ok && !process.env.GPUPV_KEEP_RUNS) fs.rmSync(runDir, { recursive: true, force: true });
  else if (!ok) log(`kept ${path.relative(repoRoot, runDir)} for inspection`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    if (isShuttingDown()) return; // Ctrl+C: the signal handler stops everything and exits 130
    console.error(`[integration] FAILED: ${e instanceof Error ? e.stack : e}`);
    await cleanupAll();
    writeResults({ passed: 0, failed: 1, pending: 0, crashed: true });
    console.log('integration: 0 passed, 1 failed');
    process.exit(1);
  },
);
