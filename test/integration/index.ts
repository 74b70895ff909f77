/**
 * The integration suite's entry point, loaded by a real VS Code extension host through
 * `extensionTestsPath` (runTests in scripts/vscode/run-integration.mjs, or the Extension Tests launch
 * configuration). It runs every `*.test.js` next to it (out/test/integration/**) with mocha, BDD style.
 *
 * code-server's extension host stdout does not reach a terminal, so the mocha report (and whatever
 * the tests log) is also mirrored to the file named by GPUPV_TEST_LOG, which
 * scripts/vscode/code-server-launcher.mjs streams to its stdout; the counts go to GPUPV_TEST_RESULTS as JSON.
 * GPUPV_TEST_GREP filters tests by title.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { plural } from '../../src/core/format';
import { exclusionOf, staleExclusions, type FaceExclusion } from './support/faceExclusions';

export interface IntegrationResults {
  passed: number;
  failed: number;
  pending: number;
  /** Left out on the real-module face by a named rule (support/faceExclusions.ts). */
  excluded: number;
  exclusions: { rule: string; reason: string; tests: string[] }[];
  failures: { title: string; error: string }[];
  durationMs: number;
}

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found;
}

/** activation.test.js first (it checks that nothing activated the extension yet), then by path. */
function ordered(files: string[]): string[] {
  const first = path.join(__dirname, 'activation.test.js');
  return [...files].sort((a, b) => (a === first ? -1 : b === first ? 1 : a.localeCompare(b)));
}

/** Mirrors console output and mocha's reporter lines to the log file, if one was asked for. */
function mirrorOutput(logFile: string | undefined): () => void {
  if (!logFile) return () => undefined;
  const append = (text: string) => {
    try {
      fs.appendFileSync(logFile, text);
    } catch {
      // the runner went away; nothing useful to do
    }
  };
  const originalConsole = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const originalReporterLog = Mocha.reporters.Base.consoleLog;
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    const original = originalConsole[level];
    console[level] = (...args: unknown[]) => {
      append(`${format(...args)}\n`);
      original.apply(console, args);
    };
  }
  // The spec reporter writes through Base.consoleLog (captured before we patched console.log).
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    append(`${format(...args)}\n`);
  };
  return () => {
    Object.assign(console, originalConsole);
    Mocha.reporters.Base.consoleLog = originalReporterLog;
  };
}

/** Takes out the tests a named rule leaves out on the module face, listed under their rule (the runner prints them). */
function excludeOnModuleFace(root: Mocha.Suite, results: IntegrationResults): void {
  const excluded = new Map<FaceExclusion, string[]>();
  const titles = new Set<string>();
  const visit = (suite: Mocha.Suite) => {
    suite.tests = suite.tests.filter((test) => {
      titles.add(test.fullTitle());
      const exclusion = exclusionOf(test.fullTitle());
      if (exclusion) excluded.set(exclusion, [...(excluded.get(exclusion) ?? []), test.fullTitle()]);
      return !exclusion;
    });
    suite.suites.forEach(visit);
  };
  visit(root);
  for (const [exclusion, tests] of excluded) {
    results.exclusions.push({ rule: exclusion.rule, reason: exclusion.reason, tests });
    results.excluded += tests.length;
  }
  // A grep runs some tests only: the rules' other titles are then simply not in this run.
  if (process.env.GPUPV_TEST_GREP) return;
  for (const stale of staleExclusions(titles)) {
    results.failed++;
    results.failures.push({ title: 'the module face’s exclusion rules', error: stale });
    console.error(`integration (real module): ${stale}`);
  }
}

export async function run(): Promise<void> {
  const started = Date.now();
  const restore = mirrorOutput(process.env.GPUPV_TEST_LOG);
  const results: IntegrationResults = { passed: 0, failed: 0, pending: 0, excluded: 0, exclusions: [], failures: [], durationMs: 0 };
  try {
    const mocha = new Mocha({
      ui: 'bdd',
      reporter: 'spec',
      color: process.env.GPUPV_TEST_COLOR === '1',
      timeout: 30_000,
      slow: 2_000,
      ...(process.env.GPUPV_TEST_GREP ? { grep: process.env.GPUPV_TEST_GREP } : {}),
    });
    const files = ordered(findTests(__dirname));
    for (const file of files) mocha.addFile(file);
    if (files.length === 0) throw new Error(`no *.test.js files under ${__dirname}`);
    await mocha.loadFilesAsync();
    if (process.env.GPUPV_SIMULATED_FACE === 'module') excludeOnModuleFace(mocha.suite, results);

    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', () => results.passed++);
      runner.on('pending', () => results.pending++);
      runner.on('fail', (test, err: unknown) => {
        results.failed++;
        results.failures.push({
          title: test.fullTitle(),
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        });
      });
    });
  } catch (e) {
    // a crash while loading counts as one failure, and is reported like one
    results.failed++;
    results.failures.push({ title: 'loading the integration suite', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    console.error(`integration suite crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    results.durationMs = Date.now() - started;
    if (process.env.GPUPV_TEST_RESULTS) {
      const tmp = `${process.env.GPUPV_TEST_RESULTS}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
      fs.renameSync(tmp, process.env.GPUPV_TEST_RESULTS);
    }
    restore();
  }
  if (results.failed > 0) throw new Error(`${plural(results.failed, 'integration test')} failed`);
}
