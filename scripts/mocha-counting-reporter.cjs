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
      fs.writeFileSync(file, JSON.stringify({ passed: s.passes ?? 0, failed: s.failures ?? 0, pending: s.pending ?? 0, realModule }));
    });
  }
}

module.exports = CountingReporter;
