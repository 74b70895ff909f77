// mocha's spec reporter, plus the counts written as JSON to $GPUPV_MOCHA_COUNTS at the end, so
// scripts/test.mjs can add them up across stages without parsing the report.
const fs = require('node:fs');
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.GPUPV_MOCHA_COUNTS;
      if (!file) return;
      const s = runner.stats ?? {};
      fs.writeFileSync(file, JSON.stringify({ passed: s.passes ?? 0, failed: s.failures ?? 0, pending: s.pending ?? 0 }));
    });
  }
}

module.exports = CountingReporter;
