// Installs, idempotently and without any manual step, what running the extension in a real VS Code
// needs on this Linux machine, where @vscode/test-electron cannot download VS Code:
//   - Debian packages `chromium` (the browser Playwright drives) and `libkrb5-dev` (code-server's
//     kerberos module builds against it), via apt-get, only when missing;
//   - Node 24 from the `node@24` npm package, its `node-<os>-<arch>` folder copied to a stable place;
//   - code-server (a real VS Code: workbench + Node extension host), installed with Node 24 first on
//     PATH and `npm_config_nodedir` pointing at that Node 24 (the machine's npmrc says nodedir=/usr,
//     i.e. Node 20 headers, and native builds would then fail).
// Everything lands under the git-ignored `.cache/runtime` (or $GPUPV_RUNTIME_DIR), so a second run
// only checks and returns. Usable as a script (`node scripts/vscode/ensure-runtime.mjs`) or imported:
// `const rt = await ensureRuntime()` gives the paths the other scripts need.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = 24;
export const CHROMIUM = '/usr/bin/chromium';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const runtimeDir = path.resolve(process.env.GPUPV_RUNTIME_DIR || path.join(repoRoot, '.cache', 'runtime'));
const nodeDir = path.join(runtimeDir, `node${NODE_MAJOR}`);
const codeServerPrefix = path.join(runtimeDir, `code-server-${CODE_SERVER_VERSION}`);

const log = (msg) => console.log(`[runtime] ${msg}`);
const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** Paths the other scripts use; valid once ensureRuntime() has returned. */
export function runtimePaths() {
  const pkg = path.join(codeServerPrefix, 'node_modules', 'code-server');
  return {
    runtimeDir,
    node: path.join(nodeDir, 'bin', 'node'),
    nodeDir,
    codeServerDir: pkg,
    codeServerEntry: path.join(pkg, 'out', 'node', 'entry.js'),
    chromium: CHROMIUM,
  };
}

/**
 * The environment for a nested npm: without the npm_* variables of an `npm test` / `npm run` around
 * us. npm reads npm_config_* as configuration, and the outer npm's npm_config_user_agent
 * ("... node/v20 ...") would make code-server's postinstall refuse Node 24.
 */
export function cleanNpmEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_/i.test(key) || key === 'NODE' || key === 'INIT_CWD') delete env[key];
  }
  return { ...env, ...extra };
}

export function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r;
}

export function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function which(cmd) {
  return capture('sh', ['-c', `command -v ${cmd}`]);
}

// ---- a cross-process lock, so two `npm test` in the same checkout do not install at once ---------
function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}
/** Runs `fn` holding `dir`/.lock; the PowerShell install (scripts/powershell/ensure-pwsh.mjs) uses it too. */
export function withLock(fn, { dir = runtimeDir, say = log } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, '.lock');
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        /* being written or being removed */
      }
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
        say(`removing a stale lock left by process ${owner}`);
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) say(`another install is running (pid ${owner}); waiting for it`);
      announced = true;
      sleep(1000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

// ---- Debian packages ---------------------------------------------------------------------------
export function debInstalled(name) {
  return capture('dpkg-query', ['-W', '-f=${Status}', name]) === 'install ok installed';
}

function ensureDebianPackages(needKrb5) {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (needKrb5 && !debInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
  if (missing.length === 0) {
    log(`Debian packages: present (chromium${needKrb5 ? ', libkrb5-dev' : ''})`);
    return;
  }
  installDebianPackages(missing, { say: log, provides: `${CHROMIUM} and the Kerberos headers` });
  if (!fs.existsSync(CHROMIUM) && missing.includes('chromium'))
    throw new Error(`apt-get installed chromium but ${CHROMIUM} does not exist`);
}

/** How to run apt-get here: as is for root, through passwordless sudo otherwise; undefined when neither works. */
function aptPrefix() {
  if (typeof process.getuid === 'function' && process.getuid() === 0) return [];
  const sudoWorks = which('sudo') && capture('sudo', ['-n', 'true']) !== undefined;
  return sudoWorks ? ['sudo', '-n'] : undefined;
}

/**
 * apt-get update + install of `missing`, as root or through password-less sudo; otherwise an error
 * that names the packages to install (`provides`: what they are needed for).
 */
export function installDebianPackages(missing, { say, provides }) {
  if (!which('apt-get')) {
    throw new Error(
      `missing Debian package(s) ${missing.join(', ')} and apt-get is not available here. ` +
        `Install them with the system's package manager (they provide ${provides}).`,
    );
  }
  const prefix = aptPrefix();
  if (!prefix) {
    throw new Error(
      `missing Debian package(s) ${missing.join(', ')} (they provide ${provides}): run as root, ` +
        `or run "apt-get install -y ${missing.join(' ')}" as root first.`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptOpts = ['-o', 'DPkg::Lock::Timeout=600', '-o', 'Acquire::Retries=3'];
  const t0 = Date.now();
  say(`apt-get update (to install ${missing.join(', ')})`);
  const run = (args) => {
    const argv = [...prefix, ...args];
    sh(argv[0], argv.slice(1), { env, stdio: ['ignore', 'inherit', 'inherit'] });
  };
  run(['apt-get', ...aptOpts, '-q', 'update']);
  say(`apt-get install ${missing.join(' ')}`);
  run(['apt-get', ...aptOpts, '-q', '-y', '--no-install-recommends', 'install', ...missing]);
  say(`Debian packages installed in ${seconds(t0)}`);
}

// ---- Node 24 ------------------------------------------------------------------------------------
function nodeVersion(bin) {
  return fs.existsSync(bin) ? capture(bin, ['--version']) : undefined;
}

function findDir(root, name, depth = 4) {
  if (depth < 0 || !fs.existsSync(root)) return undefined;
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const full = path.join(root, entry.name);
    if (entry.name === name) return full;
    const found = findDir(full, name, depth - 1);
    if (found) return found;
  }
  return undefined;
}

function ensureNode() {
  const bin = path.join(nodeDir, 'bin', 'node');
  const have = nodeVersion(bin);
  if (have?.startsWith(`v${NODE_MAJOR}.`) && fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) {
    log(`Node ${NODE_MAJOR}: present (${have}, ${nodeDir})`);
    return;
  }
  const t0 = Date.now();
  const stage = fs.mkdtempSync(path.join(runtimeDir, 'node-stage-'));
  try {
    log(`Node ${NODE_MAJOR}: npm install node@${NODE_MAJOR}`);
    fs.writeFileSync(path.join(stage, 'package.json'), '{"name":"node-stage","private":true}\n');
    sh('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `node@${NODE_MAJOR}`], {
      cwd: stage,
      env: cleanNpmEnv(),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const platformDir = `node-${process.platform}-${process.arch}`;
    const found = findDir(path.join(stage, 'node_modules'), platformDir);
    if (!found || !fs.existsSync(path.join(found, 'bin', 'node'))) {
      throw new Error(`node@${NODE_MAJOR} installed but ${platformDir}/bin/node was not found under ${stage}/node_modules`);
    }
    const tmp = `${nodeDir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.cpSync(found, tmp, { recursive: true, dereference: true, verbatimSymlinks: false });
    fs.rmSync(nodeDir, { recursive: true, force: true });
    fs.renameSync(tmp, nodeDir);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  const got = nodeVersion(bin);
  if (!got?.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${bin} reports ${got ?? 'nothing'}, expected v${NODE_MAJOR}.x`);
  log(`Node ${NODE_MAJOR}: installed ${got} in ${seconds(t0)}`);
}

// ---- code-server --------------------------------------------------------------------------------
function codeServerReady() {
  const { codeServerDir, codeServerEntry } = runtimePaths();
  const marker = path.join(codeServerPrefix, '.complete');
  if (!fs.existsSync(marker) || !fs.existsSync(codeServerEntry)) return false;
  try {
    return JSON.parse(fs.readFileSync(path.join(codeServerDir, 'package.json'), 'utf8')).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function ensureCodeServer() {
  if (codeServerReady()) {
    log(`code-server ${CODE_SERVER_VERSION}: present (${codeServerPrefix})`);
    return;
  }
  const t0 = Date.now();
  const stage = `${codeServerPrefix}.stage-${process.pid}`;
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  fs.writeFileSync(path.join(stage, 'package.json'), '{"name":"code-server-runtime","private":true}\n');
  const env = cleanNpmEnv({
    PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    // the machine-wide npmrc says nodedir=/usr (Node 20's headers): native modules must build for 24
    npm_config_nodedir: nodeDir,
    npm_config_update_notifier: 'false',
  });
  log(`code-server ${CODE_SERVER_VERSION}: npm install with Node ${NODE_MAJOR} (about 2-3 minutes on 2 cores)`);
  try {
    sh(
      'npm',
      ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
      {
        cwd: stage,
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const entry = path.join(stage, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    if (!fs.existsSync(entry)) throw new Error(`code-server installed but ${entry} is missing`);
    fs.writeFileSync(path.join(stage, '.complete'), `${CODE_SERVER_VERSION}\n`);
    fs.rmSync(codeServerPrefix, { recursive: true, force: true });
    fs.renameSync(stage, codeServerPrefix);
  } catch (e) {
    fs.rmSync(stage, { recursive: true, force: true });
    throw e;
  }
  log(`code-server ${CODE_SERVER_VERSION}: installed in ${seconds(t0)}`);
}

function checkCodeServerRuns() {
  const { node, codeServerEntry } = runtimePaths();
  // an explicit (empty) config keeps code-server from writing ~/.config/code-server/config.yaml
  const config = path.join(runtimeDir, 'version-check.yaml');
  fs.writeFileSync(config, 'auth: none\n');
  const v = capture(node, [codeServerEntry, '--config', config, '--version'], {
    env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
    timeout: 60_000,
  });
  if (!v)
    throw new Error(`code-server does not start: ${node} ${codeServerEntry} --version failed. Delete ${codeServerPrefix} and run again.`);
  return v.split('\n')[0];
}

/** Installs whatever is missing; returns the runtime paths. Throws with a readable message on failure. */
export function ensureRuntime({ quiet = false } = {}) {
  const t0 = Date.now();
  const saved = console.log;
  if (quiet) console.log = () => {};
  try {
    if (process.platform !== 'linux') throw new Error(`the real-VS-Code runtime is set up for Linux only (this is ${process.platform})`);
    return withLock(() => {
      ensureDebianPackages(!codeServerReady());
      ensureNode();
      ensureCodeServer();
      const version = checkCodeServerRuns();
      log(`ready in ${seconds(t0)}: code-server ${version}, ${runtimePaths().chromium}`);
      return runtimePaths();
    });
  } finally {
    console.log = saved;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureRuntime();
  } catch (e) {
    console.error(`[runtime] FAILED: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
