// `npm test`: build, compile the tests, then the test stages, and one summary line at the end.
//   npm test                      format check, lint, build, tsc, unit, pester, ssh, fresh, integration, e2e
//   npm test -- unit              format check, lint, build, tsc, unit (no VS Code needed)
//   npm test -- pester            the same first steps, then the module's Pester tests in pwsh
//   npm test -- ssh               the same first steps, then remote hosts over SSH to an sshd on loopback
//   npm test -- integration e2e   the same first steps and the named stages
//   --skip-format-lint            without the format check and lint (the fresh stage runs its clone's
//                                 unit stage so: the same files were checked here already)
// fresh: the committed HEAD cloned alone into an empty temporary folder, where `npm ci`, the unit
// stage and `npm run package` must pass (scripts/fresh-clone.mjs; each of its checks is a test).
// When the tree has nothing uncommitted, the clone is this tree: the unit stage then runs only
// there, and its counts are the row `unit (in the fresh clone)`.
// integration: mocha inside a real VS Code extension host, through @vscode/test-electron's runTests
// and a launcher that plays VS Code with code-server (scripts/vscode/run-integration.mjs), twice: as
// `integration` against the simulated hosts, and as `integration (real module)` with the simulated
// hosts on their real-module face (GpuPv.psm1 in pwsh over the Hyper-V double), where the tests named
// rules leave out are listed and counted as left out;
// e2e: Playwright + Chromium against the packaged .vsix in code-server (scripts/vscode/run-e2e.mjs).
// Both first make sure the runtime is installed (scripts/vscode/ensure-runtime.mjs; cold about 3 min,
// then cached under .cache/). unit and pester first make sure PowerShell 7 and Pester are there
// (scripts/powershell/ensure-pwsh.mjs: pwsh from PATH, or installed with dotnet under .cache/);
// pester runs test/pester/**/*.Tests.ps1 against the built module (scripts/powershell/run-pester.mjs).
// ssh first makes sure OpenSSH is there (scripts/ssh/ensure-sshd.mjs: apt-get when missing), then runs
// test/ssh, which starts its own sshd on a loopback port; without sshd the stage fails, it never skips.
// Each step has a time budget (BUDGET_MINUTES): past it, the step and everything it started are
// killed and it fails, so a hang costs one stage, never CI's whole 90 minutes. A mocha stage whose
// tests left a server or a process open fails too, naming it (scripts/mocha-counting-reporter.cjs).
// Every stage runs even when an earlier one failed; a stage that crashed (no counts) counts as one
// failed test. The last line is `tests: N passed, N failed` (and `, N left out by named rules` when
// a stage left tests out), and the exit
// code is non-zero when anything failed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const STAGES = ['unit', 'pester', 'ssh', 'fresh', 'integration', 'e2e'];
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !STAGES.includes(a));
if (unknown.length) {
  console.error(`unknown stage(s) ${unknown.join(', ')}; stages: ${STAGES.join(', ')}`);
  process.exit(2);
}
const selected = asked.length ? STAGES.filter((s) => asked.includes(s)) : STAGES;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-test-'));
const rows = [];
const t0 = Date.now();

function banner(name) {
  console.log(`\n=== ${name} ${'='.repeat(Math.max(0, 60 - name.length))}`);
}

/**
 * The most a step may take before it counts as hung, in minutes: several times what it takes on 2
 * busy cores. A step past it is stopped with everything it started (its own process group) and the
 * next step runs: a hang costs its step's budget, never the whole run. The fresh stage gets the
 * unit stage's budget on top of its own when the unit stage runs in its clone.
 */
const BUDGET_MINUTES = { unit: 25, runtime: 20, e2e: 20 };
const DEFAULT_BUDGET_MINUTES = 15;

/** The running step's process group, stopped with this script on Ctrl-C. */
let running;
for (const name of ['SIGINT', 'SIGTERM']) {
  process.on(name, () => {
    if (running) killGroup(running);
    process.exit(130);
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Runs `node args` in a process group of its own; resolves with how it ended. */
function runNode(args, env, budgetMinutes) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env }, detached: true });
    running = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, budgetMinutes * 60_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, error });
    });
    child.once('exit', (status, signal) => {
      clearTimeout(timer);
      // What the step started outside its own wait (a server, a shell) goes with it.
      killGroup(child);
      running = undefined;
      resolve({ status, signal, timedOut });
    });
  });
}

/** Whether git sees nothing uncommitted or untracked here (false without git). */
function treeIsClean() {
  const r = spawnSync('git', ['status', '--porcelain'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === '';
}

/** The row of a test stage that could not run: one failed test, with why. */
function notRunRow(name, note) {
  return { name, ok: false, seconds: 0, passed: 0, failed: 1, pending: 0, excluded: 0, tests: true, note };
}

/** The unit stage as the fresh clone ran it; none ran (the clone failed before it) counts as one failure. */
function cloneUnitRow(file) {
  const name = 'unit (in the fresh clone)';
  if (!fs.existsSync(file)) return notRunRow(name, 'no counts: the clone failed before or during its unit stage (see fresh)');
  const c = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { ...notRunRow(name, 'its time is in fresh'), ok: c.failed === 0, passed: c.passed, failed: c.failed, realModule: c.realModule };
}

/** Runs one step; `counts` (a JSON file the step writes) makes it a test stage. */
/** `allRealModule`: every test of the stage runs the real module in pwsh (Pester, SSH, the module face). */
async function step(name, args, { counts, env, allRealModule = false, extraMinutes = 0 } = {}) {
  banner(name);
  const started = Date.now();
  if (counts) fs.rmSync(counts, { force: true });
  const budget = (BUDGET_MINUTES[name] ?? DEFAULT_BUDGET_MINUTES) + extraMinutes;
  const r = await runNode(args, env, budget);
  const seconds = (Date.now() - started) / 1000;
  const ok = r.status === 0;
  const row = { name, ok, seconds, passed: 0, failed: 0, pending: 0, excluded: 0, tests: !!counts, note: '' };
  if (r.error) row.note = r.error.message;
  else if (r.timedOut) row.note = `stopped: still running after its budget of ${budget} min`;
  else if (r.status !== 0) row.note = `exit ${r.status ?? r.signal}`;
  if (r.timedOut) console.error(`\n${name}: ${row.note}; it and what it started were killed.`);
  if (counts) {
    let c;
    try {
      c = JSON.parse(fs.readFileSync(counts, 'utf8'));
    } catch {
      c = undefined;
    }
    if (c) {
      Object.assign(row, { passed: c.passed ?? 0, failed: c.failed ?? 0, pending: c.pending ?? 0, excluded: c.excluded ?? 0 });
      if (c.heldOpen) row.note = `held open after its tests: ${c.heldOpen}`;
      row.realModule = allRealModule ? row.passed : (c.realModule ?? 0);
    }
    // a stage that failed without saying which test failed (crash, timeout, no report) counts as one
    if (!c || (!ok && row.failed === 0)) {
      row.failed = Math.max(row.failed, 1);
      row.note ||= 'crashed';
      if (!row.note.includes('crash')) row.note += ', crashed';
    }
  } else if (!ok) {
    row.failed = 1;
  }
  rows.push(row);
  return ok;
}

if (!process.argv.includes('--skip-format-lint')) {
  await step('format', ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.']);
  await step('lint', ['node_modules/eslint/bin/eslint.js', '.']);
}
await step('build', ['scripts/build.mjs']);
await step('tsc', ['node_modules/typescript/bin/tsc', '-p', '.', '--outDir', 'out']);

if (['unit', 'pester', 'ssh'].some((s) => selected.includes(s))) await step('powershell', ['scripts/powershell/ensure-pwsh.mjs']);

/** A mocha stage over the compiled tests of one folder, counted by the counting reporter. */
async function mochaStage(name, folder, allRealModule = false) {
  const counts = path.join(tmp, `${name}.json`);
  const args = [
    '--recursive',
    // Tests that start the simulator or write its disks take well under 2 s on an idle machine and
    // several seconds on 2 busy cores: a default of 10 s keeps load from failing them.
    '--timeout',
    '10000',
    folder,
    '--extension',
    'test.js',
    '--reporter',
    './scripts/mocha-counting-reporter.cjs',
  ];
  return step(name, ['node_modules/mocha/bin/mocha.js', ...args], { counts, env: { GPUPV_MOCHA_COUNTS: counts }, allRealModule });
}

// With nothing uncommitted, the fresh clone holds exactly this tree: the unit stage runs once, there,
// and is reported as this run's unit stage (a dirty tree runs it here too, on what is not committed).
const unitInClone = selected.includes('unit') && selected.includes('fresh') && treeIsClean();
if (selected.includes('unit') && !unitInClone) await mochaStage('unit', 'out/test/unit');

if (selected.includes('pester')) {
  const counts = path.join(tmp, 'pester.json');
  await step('pester', ['scripts/powershell/run-pester.mjs', '--results-json', counts], { counts, allRealModule: true });
}

if (selected.includes('ssh')) {
  // Without sshd no test could run: the stage counts as failed, with the reason above it.
  if (await step('sshd', ['scripts/ssh/ensure-sshd.mjs'])) await mochaStage('ssh', 'out/test/ssh', true);
  else rows.push(notRunRow('ssh', 'not run: sshd is missing'));
}

if (selected.includes('fresh')) {
  const counts = path.join(tmp, 'fresh.json');
  const unitCounts = path.join(tmp, 'unit-in-clone.json');
  const unitArgs = unitInClone ? ['--unit-results-json', unitCounts] : [];
  const extraMinutes = unitInClone ? BUDGET_MINUTES.unit : 0;
  await step('fresh', ['scripts/fresh-clone.mjs', '--results-json', counts, ...unitArgs], { counts, extraMinutes });
  if (unitInClone) rows.push(cloneUnitRow(unitCounts));
}

/** The VS Code stages as run: integration once per face of the simulated hosts. */
const VSCODE_RUNS = {
  integration: [
    { name: 'integration', script: 'run-integration.mjs', args: [] },
    { name: 'integration (real module)', script: 'run-integration.mjs', args: ['--face', 'module'], allRealModule: true },
  ],
  e2e: [{ name: 'e2e', script: 'run-e2e.mjs', args: [] }],
};
const vscodeRuns = selected.filter((s) => s === 'integration' || s === 'e2e').flatMap((s) => VSCODE_RUNS[s]);
if (vscodeRuns.length) {
  const runtimeOk = await step('runtime', ['scripts/vscode/ensure-runtime.mjs']);
  for (const run of vscodeRuns) {
    if (!runtimeOk) {
      rows.push(notRunRow(run.name, 'not run: the runtime is missing'));
      continue;
    }
    const counts = path.join(tmp, `${run.name.replace(/\W+/g, '-')}.json`);
    await step(run.name, [`scripts/vscode/${run.script}`, ...run.args, '--results-json', counts], {
      counts,
      allRealModule: run.allRealModule,
    });
  }
}

fs.rmSync(tmp, { recursive: true, force: true });

banner('summary');
for (const r of rows) {
  const result = r.ok ? 'ok' : 'FAILED';
  const left = r.excluded ? `, ${r.excluded} left out` : '';
  const tests = r.tests ? `${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} pending` : ''}${left}` : '';
  console.log(
    `${r.name.padEnd(25)} ${result.padEnd(7)} ${tests.padEnd(44)} ${r.seconds.toFixed(1).padStart(6)} s${r.note ? `  (${r.note})` : ''}`,
  );
}
console.log(`${'total'.padEnd(25)} ${''.padEnd(7)} ${''.padEnd(44)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
const passed = rows.reduce((n, r) => n + r.passed, 0);
const failed = rows.reduce((n, r) => n + r.failed, 0);
const excluded = rows.reduce((n, r) => n + (r.excluded ?? 0), 0);
const anyFailed = failed > 0 || rows.some((r) => !r.ok);
// Tests left out by a named rule (listed in their stage's output) are counted, never hidden.
// The fresh stage re-runs the unit stage in a clone: its tests are counted once, not as real-module runs.
const real = rows.filter((r) => r.realModule && r.name !== 'fresh');
const realTotal = real.reduce((n, r) => n + r.realModule, 0);
const realParts = real.map((r) => `${r.name} ${r.realModule}`).join(', ');
console.log(
  `tests: ${passed} passed, ${failed} failed${excluded ? `, ${excluded} left out by named rules` : ''}` +
    (realTotal ? `; ${realTotal} of the passed are in suites that run the real module in pwsh (${realParts})` : ''),
);
process.exit(anyFailed ? 1 : 0);
