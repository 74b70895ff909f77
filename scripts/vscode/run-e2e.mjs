// Runs the e2e suite (out/test/e2e/**/*.test.js, mocha, Node 20) against the PACKAGED extension:
// ensures the runtime, packages the .vsix once (passed to the tests as GPUPV_VSIX), then each test
// file installs it into a fresh code-server profile and drives the workbench in Chromium
// (test/e2e/support/workbench.ts). code-server and Chromium are stopped at the end in every case.
//
//   node scripts/vscode/run-e2e.mjs [--grep <pattern>] [--results-json <file>] [--timeout <s>]
// Expects compiled tests (out/): `npm test -- e2e` builds and compiles first.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';
import { cleanupAll, isShuttingDown } from './codeServer.mjs';
import { ensureRuntime, repoRoot } from './ensure-runtime.mjs';
import { packageVsix } from './package-vsix.mjs';
import { createRequire } from 'node:module';

const { runsRealModule } = createRequire(import.meta.url)('../real-module-tests.cjs');

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    'results-json': { type: 'string' },
    timeout: { type: 'string', default: '900' },
  },
});

const log = (msg) => console.log(`[e2e] ${msg}`);
const t0 = Date.now();

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

function report(results) {
  if (opts['results-json']) {
    fs.mkdirSync(path.dirname(path.resolve(opts['results-json'])), { recursive: true });
    fs.writeFileSync(opts['results-json'], JSON.stringify(results, null, 2));
  }
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`e2e: ${results.passed} passed, ${results.failed} failed`);
}

async function main() {
  const files = findTests(path.join(repoRoot, 'out', 'test', 'e2e'));
  if (files.length === 0) throw new Error('no out/test/e2e/**/*.test.js: compile first (npm test -- e2e builds and compiles)');
  ensureRuntime();
  process.env.GPUPV_VSIX = packageVsix();

  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: !!process.stdout.isTTY,
    timeout: 60_000,
    slow: 10_000,
    ...(opts.grep ? { grep: opts.grep } : {}),
  });
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();

  const results = { passed: 0, failed: 0, pending: 0, realModule: 0 };
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      results.passed++;
      if (runsRealModule(test)) results.realModule++;
    });
    runner.on('pending', () => results.pending++);
    runner.on('fail', () => results.failed++);
  });
  await cleanupAll();
  report(results);
  return results.failed === 0 ? 0 : 1;
}

const guard = setTimeout(
  async () => {
    console.error(`[e2e] the suite did not finish within ${opts.timeout} s: stopping code-server and Chromium`);
    await cleanupAll();
    report({ passed: 0, failed: 1, pending: 0, crashed: true });
    process.exit(1);
  },
  Number(opts.timeout) * 1000,
);
guard.unref();

main().then(
  (code) => process.exit(code),
  async (e) => {
    if (isShuttingDown()) return; // Ctrl+C: the signal handler stops everything and exits 130
    console.error(`[e2e] FAILED: ${e instanceof Error ? e.stack : e}`);
    await cleanupAll();
    report({ passed: 0, failed: 1, pending: 0, crashed: true });
    process.exit(1);
  },
);
