// Starts a real VS Code (code-server) on a free loopback port with a fresh profile, and Chromium to
// look at it; makes sure both are gone at the end, whatever the end is (success, failure, timeout,
// Ctrl+C). Used by the integration runner, the e2e tests and `npm run demo`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cleanNpmEnv, repoRoot, runtimePaths } from './ensure-runtime.mjs';

/** User settings every run starts with: no workspace-trust prompt (Restricted Mode never activates us), no AI, tips, telemetry or update checks (offline). */
export const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  // run dirs live inside this checkout: no "open the parent repository?" prompt over the workbench
  'git.openRepositoryInParentFolders': 'never',
};

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// ---- cleanup that runs on every kind of exit ------------------------------------------------------
const cleanups = new Set();
let handlersInstalled = false;
let shuttingDown = false;

/** True once a signal asked this process to stop (servers then exit on purpose, not by accident). */
export function isShuttingDown() {
  return shuttingDown;
}

/** Registers fn to run at exit (also on SIGINT/SIGTERM/uncaught errors); returns an unregister function. */
export function onCleanup(fn) {
  installHandlers();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Runs every registered cleanup (newest first), once each. */
export async function cleanupAll() {
  const fns = [...cleanups].reverse();
  cleanups.clear();
  for (const fn of fns) {
    try {
      await fn();
    } catch (e) {
      console.error(`[cleanup] ${e instanceof Error ? e.message : e}`);
    }
  }
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.on(signal, () => {
      if (shuttingDown) return;
      shuttingDown = true;
      console.error(`\n[vscode] ${signal}: stopping code-server and Chromium`);
      const hardStop = setTimeout(() => process.exit(code), 5000);
      hardStop.unref();
      void cleanupAll().finally(() => process.exit(code));
    });
  }
  // Last resort when the process exits without going through cleanupAll: kill the process groups.
  process.on('exit', () => {
    for (const pgid of groups) killGroup(pgid, 'SIGKILL');
  });
}

const groups = new Set();
function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

// ---- helpers --------------------------------------------------------------------------------------
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function portFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const KEEP_RUNS_MS = 2 * 24 * 3600 * 1000;

/** A fresh directory under .cache/runs, named after the purpose. Run dirs kept after failures go after two days. */
export function freshRunDir(name) {
  const base = path.join(repoRoot, '.cache', 'runs');
  fs.mkdirSync(base, { recursive: true });
  for (const entry of fs.readdirSync(base)) {
    const dir = path.join(base, entry);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs > KEEP_RUNS_MS) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      /* removed meanwhile */
    }
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return fs.mkdtempSync(path.join(base, `${name}-${stamp}-`));
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function codeServerEnv(extra) {
  const rt = runtimePaths();
  const env = { ...cleanNpmEnv(), ...extra, EXTENSIONS_GALLERY: '{}' };
  env.PATH = `${path.join(rt.nodeDir, 'bin')}${path.delimiter}${env.PATH ?? ''}`;
  // code-server reads $PORT in place of the port we picked (the demo uses PORT for its own choice)
  delete env.PORT;
  // keep the harness's own variables out of the VS Code it starts
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k.startsWith('ELECTRON_')) delete env[k];
  return env;
}

/**
 * Installs a .vsix into a profile (the packaged artefact, as a user gets it). About 1 s.
 * @param {{ vsix: string, userDataDir: string, extensionsDir: string, configFile?: string }} o
 */
export function installExtension({ vsix, userDataDir, extensionsDir, configFile }) {
  const rt = runtimePaths();
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const config = configFile ?? path.join(path.dirname(userDataDir), 'config.yaml');
  if (!fs.existsSync(config)) fs.writeFileSync(config, 'auth: none\n');
  const args = [
    rt.codeServerEntry,
    '--config',
    config,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--install-extension',
    vsix,
    '--force',
  ];
  const r = spawnSync(rt.node, args, { encoding: 'utf8', env: codeServerEnv({}), timeout: 120_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${path.basename(vsix)} failed (exit ${r.status ?? r.signal}):\n${out}`);
  }
  return out;
}

/**
 * Starts code-server. Every option is optional.
 * @param {{
 *   name?: string,               // run dir prefix
 *   runDir?: string,             // default: a fresh .cache/runs/<name>-... dir
 *   userDataDir?: string, extensionsDir?: string, workspace?: string,
 *   settings?: Record<string, unknown>, // merged over BASE_SETTINGS into User/settings.json
 *   keepSettings?: boolean,      // do not rewrite settings.json if it exists (persistent profiles)
 *   env?: Record<string, string>,// reaches the extension host
 *   smokeTestDriver?: boolean,   // --vscode-option enable-smoke-test-driver (Extension Development Host)
 *   host?: string, port?: number,
 *   echo?: boolean,              // echo code-server's output to the terminal (always logged to RUN/code-server.log)
 *   readyTimeoutMs?: number,
 * }} [o]
 */
export async function startCodeServer(o = {}) {
  const rt = runtimePaths();
  const runDir = o.runDir ?? freshRunDir(o.name ?? 'code-server');
  const userDataDir = o.userDataDir ?? path.join(runDir, 'ud');
  const extensionsDir = o.extensionsDir ?? path.join(runDir, 'ext');
  const workspace = o.workspace ?? path.join(runDir, 'workspace');
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? (await freePort(host));
  for (const d of [userDataDir, extensionsDir, workspace]) fs.mkdirSync(d, { recursive: true });

  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!(o.keepSettings && fs.existsSync(settingsFile))) writeJson(settingsFile, { ...BASE_SETTINGS, ...(o.settings ?? {}) });
  const configFile = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configFile, `bind-addr: ${host}:${port}\nauth: none\ncert: false\n`);

  const args = [
    rt.codeServerEntry,
    '--config',
    configFile,
    '--auth',
    'none',
    '--bind-addr',
    `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (o.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(workspace);

  const logFile = path.join(runDir, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  // detached: its own process group, so the extension host, pty host and watchers go with it
  const proc = spawn(rt.node, args, { cwd: runDir, env: codeServerEnv(o.env ?? {}), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  groups.add(proc.pid);
  let exited = false;
  let exitInfo = '';
  const exitedPromise = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      exited = true;
      exitInfo = `code ${code ?? signal}`;
      resolve();
    });
  });
  const pipe = (stream) =>
    stream.on('data', (chunk) => {
      fs.writeSync(logFd, chunk);
      if (o.echo) process.stdout.write(String(chunk).replace(/^(?=.)/gm, '[code-server] '));
    });
  pipe(proc.stdout);
  pipe(proc.stderr);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    unregister();
    if (!exited) {
      killGroup(proc.pid, 'SIGTERM');
      await Promise.race([exitedPromise, sleep(3000)]);
    }
    // whatever is left in the group (extension host, pty host) goes too
    for (let i = 0; i < 20 && groupAlive(proc.pid); i++) {
      killGroup(proc.pid, i < 10 ? 'SIGTERM' : 'SIGKILL');
      await sleep(100);
    }
    if (groupAlive(proc.pid)) killGroup(proc.pid, 'SIGKILL');
    groups.delete(proc.pid);
    try {
      fs.closeSync(logFd);
    } catch {
      /* closed already */
    }
  };
  const unregister = onCleanup(stop);

  const url = `http://${host}:${port}`;
  const t0 = Date.now();
  const deadline = t0 + (o.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited before it was ready (${exitInfo}); log: ${logFile}\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `code-server did not answer ${url}/healthz within ${o.readyTimeoutMs ?? 60_000} ms; log: ${logFile}\n${tail(logFile)}`,
      );
    }
    await sleep(100);
  }

  return {
    url,
    host,
    port,
    runDir,
    userDataDir,
    extensionsDir,
    workspace,
    logFile,
    pid: proc.pid,
    readyMs: Date.now() - t0,
    exited: exitedPromise,
    stop,
  };
}

export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Launches Debian's Chromium through playwright-core (never a downloaded browser). Closed at exit.
 * @param {{ headless?: boolean }} [o]
 */
export async function launchChromium(o = {}) {
  const { chromium } = await import('playwright-core');
  const rt = runtimePaths();
  const browser = await chromium.launch({
    executablePath: rt.chromium,
    headless: o.headless ?? true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  const unregister = onCleanup(() => browser.close().catch(() => {}));
  browser.on('disconnected', unregister);
  return browser;
}

/**
 * The workbench URL. With `extensionDevelopmentPath` (and optionally `extensionTestsPath`), code-server
 * (started with smokeTestDriver) opens an Extension Development Host.
 * @param {string} url
 * @param {{ folder: string, extensionDevelopmentPath?: string | string[], extensionTestsPath?: string, extensionEnvironment?: Record<string,string> }} o
 */
export function workbenchUrl(url, o) {
  const payload = [];
  for (const devPath of [o.extensionDevelopmentPath ?? []].flat())
    payload.push(['extensionDevelopmentPath', `vscode-remote://remote${devPath}`]);
  if (o.extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://remote${o.extensionTestsPath}`]);
  if (o.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(o.extensionEnvironment)]);
  let u = `${url}/?folder=${encodeURIComponent(o.folder)}`;
  if (payload.length) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return u;
}

/** Runs fn with a timeout; rejects with a clear message when it expires. */
export async function withTimeout(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: timed out after ${(ms / 1000).toFixed(0)} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
