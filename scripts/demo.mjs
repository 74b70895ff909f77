// `npm run demo`: try the extension in a real VS Code in your browser, no Windows or Hyper-V needed.
// Installs the runtime if needed (first time about 3 min: Node 24, code-server, Chromium), builds and
// packages the extension, installs the .vsix into a persistent demo profile (.cache/demo) whose user
// settings list the simulated demo hosts (three local, one remote, a two-node cluster), and serves VS Code on 127.0.0.1 until Ctrl+C.
//
//   npm run demo                 port $PORT, else 8765, else any free one
//   npm run demo -- --reset      start from a fresh demo profile
//   npm run demo -- --real-module  the local simulated hosts run the extension's real PowerShell module
//                                in pwsh 7 (installed if missing) over the Hyper-V double, instead of
//                                the simulator answering in Node.js: the PowerShell, watched without Hyper-V
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BASE_SETTINGS, cleanupAll, freePort, installExtension, isShuttingDown, portFree, startCodeServer } from './vscode/codeServer.mjs';
import { ensureRuntime, repoRoot } from './vscode/ensure-runtime.mjs';
import { packageVsix } from './vscode/package-vsix.mjs';
import { moduleFaceEnv } from './powershell/ensure-pwsh.mjs';

const DEFAULT_PORT = 8765;
const HOST = '127.0.0.1';
/** The demo hosts as the extension's "Open Demo Hosts" adds them (src/host/demoHosts.ts, one list for both). */
async function demoHosts() {
  const { build } = await import('esbuild');
  const bundled = await build({
    entryPoints: [path.join(repoRoot, 'src', 'host', 'demoHosts.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const module = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
  return module.DEMO_HOSTS;
}

const { values: opts } = parseArgs({
  options: { reset: { type: 'boolean', default: false }, 'real-module': { type: 'boolean', default: false } },
});
const log = (msg) => console.log(`[demo] ${msg}`);
const t0 = Date.now();

const demoDir = path.join(repoRoot, '.cache', 'demo');
const userDataDir = path.join(demoDir, 'ud');
const extensionsDir = path.join(demoDir, 'ext');
const workspace = path.join(demoDir, 'workspace');
const settingsFile = path.join(userDataDir, 'User', 'settings.json');

/** The harness defaults, then what the user changed in the demo profile, and the demo hosts unless they set their own. */
async function seedSettings() {
  let existing = {};
  if (fs.existsSync(settingsFile)) {
    try {
      existing = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    } catch {
      // VS Code allows comments in settings.json; we cannot merge those safely, so keep a copy
      fs.copyFileSync(settingsFile, `${settingsFile}.bak`);
      log(`could not read ${path.relative(repoRoot, settingsFile)}; saved it as settings.json.bak and wrote fresh settings`);
    }
  }
  const settings = { ...BASE_SETTINGS, ...existing };
  if (!Array.isArray(settings['gpupv.hosts']) || settings['gpupv.hosts'].length === 0) settings['gpupv.hosts'] = await demoHosts();
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
}

async function pickPort() {
  const wanted = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(wanted) || wanted <= 0 || wanted > 65535) throw new Error(`PORT=${process.env.PORT} is not a port number`);
  if (await portFree(wanted, HOST)) return wanted;
  const other = await freePort(HOST);
  log(`port ${wanted} is in use; using ${other} instead`);
  return other;
}

async function main() {
  ensureRuntime();
  const vsix = packageVsix();

  if (opts.reset) {
    log(`resetting the demo profile ${path.relative(repoRoot, demoDir)}`);
    fs.rmSync(demoDir, { recursive: true, force: true });
  }
  for (const d of [userDataDir, extensionsDir, workspace]) fs.mkdirSync(d, { recursive: true });
  installExtension({ vsix, userDataDir, extensionsDir });
  log(`installed ${path.basename(vsix)} into ${path.relative(repoRoot, demoDir)}`);
  await seedSettings();

  const port = await pickPort();
  const env = opts['real-module'] ? moduleFaceEnv() : {};
  if (opts['real-module']) log(`the local simulated hosts run the real module in ${env.GPUPV_PWSH}`);
  const server = await startCodeServer({
    runDir: demoDir,
    userDataDir,
    extensionsDir,
    workspace,
    keepSettings: true,
    host: HOST,
    port,
    env,
  });
  const line = '-'.repeat(64);
  console.log(`\n${line}\n  VS Code with Hyper-V GPU-PV is running: open\n\n      ${server.url}/\n`);
  console.log('  in a browser, then click the "Hyper-V GPU-PV" icon in the activity bar');
  console.log(
    '  (the demo hosts are simulated: no Windows or Hyper-V needed; the remote ones sign in as CONTOSO\\hvadmin / gpupv by themselves).',
  );
  console.log(`  Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s. Press Ctrl+C to stop.`);
  console.log(`  Profile: ${path.relative(repoRoot, demoDir)} (npm run demo -- --reset starts over)\n${line}\n`);

  await server.exited;
  if (isShuttingDown()) return; // Ctrl+C: the signal handler finishes the clean-up and exits
  console.error(`[demo] code-server stopped unexpectedly; see ${server.logFile}`);
  await cleanupAll();
  process.exit(1);
}

main().catch(async (e) => {
  console.error(`[demo] FAILED: ${e instanceof Error ? e.message : e}`);
  await cleanupAll();
  process.exit(1);
});
