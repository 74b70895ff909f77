#!/usr/bin/env node
// A stand-in for the VS Code executable that @vscode/test-electron's runTests launches: it takes the
// arguments runTests gives a desktop VS Code and runs the same Extension Development Host in
// code-server (a real VS Code: workbench + Node extension host) opened in Debian's Chromium, because
// no desktop VS Code can be downloaded on this machine. The exit code is the test suite's (0 passed),
// as with a desktop VS Code, so runTests cannot tell the difference.
//
//   runTests({ vscodeExecutablePath: <this file>, extensionDevelopmentPath, extensionTestsPath,
//              launchArgs: [<folder>, '--user-data-dir=<dir>', '--extensions-dir=<dir>'] })
//
// The extension host's stdout does not reach code-server's terminal, so the suite's output goes to the
// file named by GPUPV_TEST_LOG (a fresh one unless set), which this streams to its stdout.
// GPUPV_LAUNCHER_TIMEOUT_SECONDS (default 300) bounds the whole run; GPUPV_VERBOSE=1 echoes
// code-server's own log. code-server and Chromium are stopped at the end in every case.
import fs from 'node:fs';
import path from 'node:path';
import {
  cleanupAll,
  freshRunDir,
  isShuttingDown,
  launchChromium,
  startCodeServer,
  tail,
  withTimeout,
  workbenchUrl,
} from './codeServer.mjs';
import { ensureRuntime, repoRoot } from './ensure-runtime.mjs';

/**
 * Flags runTests passes that concern the desktop (Electron) application only, and the ones asking for
 * what every launcher run has anyway: a fresh profile with no other extension and no trust prompt.
 */
const NOTHING_TO_DO = new Set([
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-updates',
  '--skip-welcome',
  '--skip-release-notes',
  '--no-cached-data',
  '--new-window',
  '--disable-workspace-trust',
  '--profile-temp',
  '--disable-extensions',
]);
const VALUED = {
  extensionDevelopmentPath: 'developmentPaths',
  extensionTestsPath: 'testsPath',
  'user-data-dir': 'userDataDir',
  'extensions-dir': 'extensionsDir',
};

const log = (msg) => console.log(`[launcher] ${msg}`);

/** The Electron-style command line as { developmentPaths, testsPath, userDataDir, extensionsDir, folder }. */
function parseLaunchArgs(argv) {
  const parsed = { developmentPaths: [], folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (NOTHING_TO_DO.has(arg)) continue;
    if (!arg.startsWith('--')) {
      if (parsed.folder !== undefined) throw new Error(`two folders to open: ${parsed.folder} and ${arg}`);
      parsed.folder = arg;
      continue;
    }
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const key = VALUED[flag];
    if (!key) throw new Error(`unsupported argument ${arg} (this launcher knows ${Object.keys(VALUED).join(', ')})`);
    const value = inline ?? argv[++i];
    if (!value) throw new Error(`${arg} needs a value`);
    if (key === 'developmentPaths') parsed.developmentPaths.push(path.resolve(value));
    else parsed[key] = path.resolve(value);
  }
  if (parsed.developmentPaths.length === 0) throw new Error('no --extensionDevelopmentPath');
  return parsed;
}

/** Streams what the extension host appends to `file` to our stdout; returns the function that stops it. */
function follow(file) {
  let pos = 0;
  const pump = () => {
    let fd;
    try {
      fd = fs.openSync(file, 'r');
      const { size } = fs.fstatSync(fd);
      if (size > pos) {
        const buf = Buffer.alloc(size - pos);
        fs.readSync(fd, buf, 0, buf.length, pos);
        pos = size;
        process.stdout.write(buf);
      }
    } catch {
      /* not created yet */
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  };
  const timer = setInterval(pump, 200);
  return () => {
    clearInterval(timer);
    pump();
  };
}

/** Opens the Extension Development Host and resolves with the exit code the workbench reports. */
async function runHost(launch, server, testLog) {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let resolveExit;
  const exited = new Promise((resolve) => (resolveExit = resolve));
  // registered before goto: the workbench's smoke-test driver calls it when the suite is done
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  const stopFollowing = follow(testLog);
  try {
    const url = workbenchUrl(server.url, {
      folder: server.workspace,
      extensionDevelopmentPath: launch.developmentPaths,
      ...(launch.testsPath ? { extensionTestsPath: launch.testsPath.replace(/\.js$/, '') } : {}),
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const timeoutS = Number(process.env.GPUPV_LAUNCHER_TIMEOUT_SECONDS || 300);
    const codeServerGone = server.exited.then(() => Promise.reject(new Error('code-server exited during the run')));
    return await withTimeout(Promise.race([exited, codeServerGone]), timeoutS * 1000, 'waiting for the extension tests to finish');
  } catch (e) {
    const shot = path.join(repoRoot, 'test-results', 'extension-tests-failure.png');
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot }).catch(() => {});
    console.error(`[launcher] ${e instanceof Error ? e.message : e}; screenshot ${path.relative(repoRoot, shot)}`);
    console.error(tail(server.logFile, 20));
    return 1;
  } finally {
    stopFollowing();
  }
}

async function main() {
  const launch = parseLaunchArgs(process.argv.slice(2));
  ensureRuntime({ quiet: true });
  const runDir = freshRunDir('extension-tests');
  const testLog = process.env.GPUPV_TEST_LOG || path.join(runDir, 'extension-host.log');
  fs.writeFileSync(testLog, '', { flag: 'a' });
  const server = await startCodeServer({
    runDir,
    ...(launch.userDataDir ? { userDataDir: launch.userDataDir } : {}),
    ...(launch.extensionsDir ? { extensionsDir: launch.extensionsDir } : {}),
    ...(launch.folder ? { workspace: launch.folder } : {}),
    smokeTestDriver: true,
    env: { GPUPV_TEST_LOG: testLog },
    echo: !!process.env.GPUPV_VERBOSE,
  });
  log(`code-server ready on ${server.url} in ${server.readyMs} ms; opening the Extension Development Host`);
  const code = await runHost(launch, server, testLog);
  await cleanupAll();
  if (code === 0 && !process.env.GPUPV_KEEP_RUNS) fs.rmSync(runDir, { recursive: true, force: true });
  else if (code !== 0) log(`kept ${path.relative(repoRoot, runDir)} for inspection`);
  return code;
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    if (isShuttingDown()) return; // Ctrl+C: the signal handler stops everything and exits 130
    console.error(`[launcher] FAILED: ${e instanceof Error ? e.stack : e}`);
    await cleanupAll();
    process.exit(1);
  },
);
