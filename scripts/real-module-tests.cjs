// Which mocha tests run the real GpuPv.psm1 in pwsh: a file named *.pwsh.test.js, or a test whose
// full title (its suites' titles and its own) says so. Suites that run through the real module name
// it in their titles (a host face's name, "the Hyper-V double below the real module"), so the
// closing line of `npm test` can count them without a list to keep up to date.
const TITLE = /\breal module\b|\bpwsh\b|\breal PowerShell\b/i;

/** @param {{ file?: string, fullTitle(): string }} test */
function runsRealModule(test) {
  return /\.pwsh\.test\.js$/.test(test.file ?? '') || TITLE.test(test.fullTitle());
}

module.exports = { runsRealModule };
