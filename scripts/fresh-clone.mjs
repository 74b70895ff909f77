// The README's promise, checked: the committed HEAD, cloned alone into an empty temporary folder,
// installs, passes the unit stage and packages with nothing from this checkout. Each check below is
// one test in `npm test`'s count. The clone's environment has none of this checkout's variables
// (npm's, GPUPV_*) or PATH entries; it reads only itself, npm's cache (--prefer-offline: a second
// install downloads nothing) and the system. Uncommitted changes are not in the clone.
//
//   node scripts/fresh-clone.mjs [--results-json <file>] [--unit-results-json <file>] [--keep]
// --unit-results-json: the clone's unit stage counts (passed, failed, of them in real-module suites),
// for `npm test` to report as its unit stage when the clone is the very tree it tests.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cleanNpmEnv, repoRoot } from './vscode/ensure-runtime.mjs';
import { vsceWarnings, vsixProblems, zipEntries } from './vscode/package-vsix.mjs';

const { values: opts } = parseArgs({
  options: { 'results-json': { type: 'string' }, 'unit-results-json': { type: 'string' }, keep: { type: 'boolean', default: false } },
});

const log = (msg) => console.log(`[fresh] ${msg}`);
const t0 = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function capture(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  return { ok: r.status === 0, status: r.status ?? r.signal ?? r.error?.message, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function git(args, cwd = repoRoot) {
  const r = capture('git', args, { cwd });
  if (!r.ok) throw new Error(`git ${args.join(' ')} failed (${r.status}):\n${r.out}`);
  return r.out.trim();
}

/** The environment of a stranger's shell: no npm_* of the `npm test` around us, no GPUPV_*, no PATH into this checkout. */
function strangerEnv(npmCache) {
  const env = cleanNpmEnv();
  for (const key of Object.keys(env)) if (key.startsWith('GPUPV_')) delete env[key];
  env.PATH = (env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && !path.resolve(dir).startsWith(repoRoot + path.sep))
    .join(path.delimiter);
  return { ...env, npm_config_cache: npmCache };
}

const results = { passed: 0, failed: 0, pending: 0, checks: [] };
/** Runs one check: fn returns nothing when it passes and throws when it fails. */
function check(name, fn) {
  const started = Date.now();
  try {
    fn();
    results.passed++;
    results.checks.push({ name, ok: true });
    log(`✔ ${name} (${seconds(started)})`);
    return true;
  } catch (e) {
    results.failed++;
    const reason = e instanceof Error ? e.message : String(e);
    results.checks.push({ name, ok: false, reason });
    log(`✘ ${name} (${seconds(started)}): ${reason}`);
    return false;
  }
}

/** The counts of a `tests: N passed, N failed; N of the passed are in suites that run the real module …` line. */
function countsOf(summary) {
  const [, passed, failed] = /^tests: (\d+) passed, (\d+) failed/.exec(summary);
  const realModule = /; (\d+) of the passed/.exec(summary)?.[1] ?? '0';
  return { passed: Number(passed), failed: Number(failed), pending: 0, realModule: Number(realModule) };
}

/** Output lines that match, for an error message. */
const lines = (out, re) => out.split('\n').filter((l) => re.test(l));

/** Every installed package whose engines.node leaves out some Node version our engines.node allows. */
function enginesTooNarrow(clone) {
  const ours = JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8')).engines?.node;
  if (!ours) return ['package.json names no engines.node'];
  const semver = createRequire(path.join(clone, 'package.json'))('semver');
  const narrower = [];
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        visit(full);
        continue;
      }
      const manifest = path.join(full, 'package.json');
      if (fs.existsSync(manifest)) {
        const { name, version, engines } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
        if (typeof engines?.node === 'string' && !semver.subset(ours, engines.node))
          narrower.push(`${name}@${version} wants ${engines.node}`);
      }
      if (fs.existsSync(path.join(full, 'node_modules'))) visit(path.join(full, 'node_modules'));
    }
  };
  visit(path.join(clone, 'node_modules'));
  return narrower;
}

function main() {
  const head = git(['rev-parse', 'HEAD']);
  if (git(['status', '--porcelain', '--untracked-files=no'])) log('note: uncommitted changes are not part of the clone');
  const npmCache = process.env.npm_config_cache || capture('npm', ['config', 'get', 'cache'], { cwd: os.tmpdir() }).out.trim();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-fresh-'));
  const clone = path.join(folder, 'hyperv-gpupv');
  const env = strangerEnv(npmCache);
  const inClone = (cmd, args) => capture(cmd, args, { cwd: clone, env });
  log(`cloning ${head.slice(0, 12)} into ${clone}`);

  const cloned = check('git clone of the committed HEAD into an empty folder', () => {
    git(['clone', '--quiet', '--no-checkout', '--no-hardlinks', repoRoot, clone], folder);
    git(['checkout', '--quiet', '--detach', head], clone);
    const beside = fs.readdirSync(folder);
    if (beside.length !== 1) throw new Error(`the folder holds ${beside.join(', ')}`);
  });
  const installed =
    cloned &&
    check('npm ci installs, without an EBADENGINE warning', () => {
      const r = inClone('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
      if (!r.ok) throw new Error(`npm ci exited with ${r.status}:\n${r.out}`);
      const engine = lines(r.out, /EBADENGINE/);
      if (engine.length) throw new Error(engine.join('\n'));
    });
  if (installed) {
    check('every dependency accepts all the Node versions engines.node names', () => {
      const narrower = enginesTooNarrow(clone);
      if (narrower.length) throw new Error(narrower.join('; '));
    });
    // format and lint read the same committed files the outer `npm test` has just checked
    check('npm test -- unit passes (build, tsc, unit)', () => {
      const r = inClone('npm', ['test', '--', 'unit', '--skip-format-lint']);
      const summary = lines(r.out, /^tests: \d+ passed, \d+ failed(?:[,;] .*)?$/).pop();
      if (summary && opts['unit-results-json']) fs.writeFileSync(opts['unit-results-json'], JSON.stringify(countsOf(summary)));
      if (!r.ok || !summary) throw new Error(`exit ${r.status}, ${summary ?? 'no summary'}:\n${r.out.split('\n').slice(-40).join('\n')}`);
      log(`  the clone's unit stage: ${summary}`);
    });
    check('npm run package makes the VSIX, with no vsce warning', () => {
      const r = inClone('npm', ['run', 'package']);
      if (!r.ok) throw new Error(`exit ${r.status}:\n${r.out}`);
      const warnings = vsceWarnings(r.out);
      if (warnings.length) throw new Error(warnings.join('\n'));
      const manifest = JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8'));
      const vsix = path.join(clone, 'out', 'vsix', `${manifest.name}-${manifest.version}.vsix`);
      if (!fs.existsSync(vsix)) throw new Error(`no ${path.relative(clone, vsix)}`);
      const problems = vsixProblems(zipEntries(vsix), manifest);
      if (problems.length) throw new Error(problems.join('; '));
    });
    check('the clone is still clean: everything the steps wrote is git-ignored', () => {
      const status = git(['status', '--porcelain'], clone);
      if (status) throw new Error(status);
    });
  }

  if (results.failed === 0 && !opts.keep) fs.rmSync(folder, { recursive: true, force: true });
  else log(`kept ${folder}`);
}

try {
  main();
} catch (e) {
  results.failed++;
  log(`crashed: ${e instanceof Error ? e.stack : e}`);
}
if (opts['results-json']) fs.writeFileSync(opts['results-json'], JSON.stringify(results, null, 2));
log(`finished in ${seconds(t0)}`);
console.log(`fresh: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed === 0 ? 0 : 1);
