// mocha's spec reporter, plus the counts (and of the passed, how many ran the real module) written as JSON to $GPUPV_MOCHA_COUNTS at the end, so
// scripts/test.mjs can add them up across stages without parsing the report.
const fs = require('node:fs');
const Mocha = require('mocha');
const { runsRealModule } = require('./real-module-tests.cjs');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let realModule = 0;
    runner.on('pass', (test) => {
      if (runsRealModule(test)) realModule++;
    });
    runner.once('end', () => {
      const file = process.env.GPUPV_MOCHA_COUNTS;
      if (!file) return;
      const s = runner.stats ?? {};
      const counts = { passed: s.passes ?? 0, failed: s.failures ?? 0, pending: s.pending ?? 0, realModule };
      fs.writeFileSync(file, JSON.stringify(counts));
      exitWhenHeldOpen(file, counts);
    });
  }
}

/** How long mocha may wait, after the last test, for what the tests started to close. */
const HELD_OPEN_MS = Number(process.env.GPUPV_HELD_OPEN_MS) || 30_000;

/**
 * A server or child process a test forgot keeps mocha waiting for ever (it runs without --exit so
 * that such a leak shows): past a grace period, name what is still open, count it as a failure and
 * exit. The timer is unref'd, so it never keeps a clean run waiting.
 */
function exitWhenHeldOpen(file, counts) {
  setTimeout(() => {
    // This timer is unref'd and not listed; a 'Timeout' listed is a test's timer or interval left running.
    const heldOpen = [...new Set(process.getActiveResourcesInfo())].join(', ') || 'something Node does not name';
    console.error(`\nThe tests ended ${HELD_OPEN_MS / 1000} s ago, but what they started is still open: ${heldOpen}`);
    fs.writeFileSync(file, JSON.stringify({ ...counts, failed: counts.failed + 1, heldOpen }));
    // mocha sets the exit code in its own 'exit' listener; this one, added later, runs after it.
    process.on('exit', () => (process.exitCode = 1));
    process.exit(1);
  }, HELD_OPEN_MS).unref();
}

module.exports = CountingReporter;
