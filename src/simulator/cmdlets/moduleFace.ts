/**
 * The simulated host's real-module face, as a program the extension spawns in place of PowerShell
 * (`node dist/moduleFace.js -NoExit -Command -`, chosen by GPUPV_SIMULATED_FACE=module): it serves
 * the Hyper-V double's cmdlets (cmdletServer.ts) from the simulated host's state folder, then runs
 * pwsh 7 with the double first on PSModulePath and the same stdin, stdout and stderr, so the session
 * talks to the real GpuPv.psm1. The server lives exactly as long as that pwsh.
 *
 * Environment: GPUPV_SIM_DIR and GPUPV_SIM_SCENARIO as for dist/simulator.js; GPUPV_POWERSHELL_DIR,
 * the folder where scripts/powershell/ensure-pwsh.mjs installs pwsh (a `pwsh-<version>` folder it
 * marked complete), or GPUPV_PWSH, a pwsh executable. Without pwsh it says so on stderr and never
 * answers in the simulator's place.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classifyLine } from '../shell/commandLine';
import { LineSplitter } from '../shell/lineSplitter';
import { hostDiskRoot } from '../disks/layout';
import { StateStore } from '../persistence/stateStore';
import { resolveScenario } from '../scenarios/resolveScenario';
import { startCmdletServer } from './cmdletServer';

/** The double's PowerShell modules, copied next to this bundle by scripts/build.mjs. */
const DOUBLE_MODULES = path.join(__dirname, 'double');

/** The pwsh to run, or why there is none. */
export function findPwsh(env: NodeJS.ProcessEnv): { pwsh: string } | { problem: string } {
  if (env.GPUPV_PWSH) {
    return fs.existsSync(env.GPUPV_PWSH)
      ? { pwsh: env.GPUPV_PWSH }
      : { problem: `GPUPV_PWSH names ${env.GPUPV_PWSH}, which does not exist.` };
  }
  const dir = env.GPUPV_POWERSHELL_DIR;
  if (!dir) return { problem: 'GPUPV_POWERSHELL_DIR is not set.' };
  const installs = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => /^pwsh-\d+\.\d+\.\d+$/.test(name)) : [];
  const complete = installs
    .map((name) => path.join(dir, name))
    .filter((install) => fs.existsSync(path.join(install, '.complete')) && fs.existsSync(path.join(install, 'pwsh')))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  return complete.length ? { pwsh: path.join(complete[0], 'pwsh') } : { problem: `${dir} holds no complete pwsh install.` };
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * Answers every line (the module's import first) with why, on stderr, until stdin ends: the session
 * reports what a shell wrote to stderr with its call, while a shell that exits at once is only
 * "stopped during the call". node-powershell's end markers are echoed so each call ends.
 */
function refuseEveryLine(message: string): void {
  const lines = new LineSplitter((line) => {
    const command = classifyLine(line);
    if (command.kind === 'write') (command.stream === 'out' ? process.stdout : process.stderr).write(`${command.text}\n`);
    else if (command.kind !== 'blank') process.stderr.write(`${message}\n`);
  });
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => lines.push(chunk));
  process.stdin.on('end', () => process.exit(1));
}

async function main(): Promise<void> {
  const dir = process.env.GPUPV_SIM_DIR;
  if (!dir) fail('GPUPV_SIM_DIR is not set: the simulated Hyper-V host needs a state directory.');
  const found = findPwsh(process.env);
  if ('problem' in found) {
    refuseEveryLine(
      `The simulated host runs the real GpuPv module in PowerShell 7 (GPUPV_SIMULATED_FACE=module), and no pwsh was found: ` +
        `${found.problem} Run node scripts/powershell/ensure-pwsh.mjs and set GPUPV_POWERSHELL_DIR to its folder.`,
    );
    return;
  }
  const store = StateStore.open(dir, resolveScenario(process.env.GPUPV_SIM_SCENARIO));
  // A socket's path is limited to about 100 bytes: the state folder may be deeper than that.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-face-'));
  const server = await startCmdletServer(store, path.join(socketDir, 'cmdlets.sock'));
  const programData = path.join(dir, 'ProgramData');
  fs.mkdirSync(programData, { recursive: true });
  const child = spawn(found.pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', ...process.argv.slice(2)], {
    stdio: ['pipe', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PSModulePath: [DOUBLE_MODULES, process.env.PSModulePath].filter(Boolean).join(path.delimiter),
      GPUPV_DOUBLE_SOCKET: server.socketPath,
      GPUPV_DOUBLE_HOST_DRIVE: hostDiskRoot(dir),
      ProgramData: programData,
    },
  });
  // The double's start-up line comes before the session's first (the module's import), as in the
  // tests' launch: it makes C: the simulated host's disk and imports the doubles of core cmdlets
  // (PowerShell Direct, ACLs), which PowerShell never autoloads. It prints nothing.
  const start = path.join(DOUBLE_MODULES, 'GpuPvDouble', 'Start-GpuPvDouble.ps1');
  child.stdin.write(`. '${start.replace(/'/g, "''")}'\n`);
  process.stdin.pipe(child.stdin);
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  child.on('error', (error) => fail(`pwsh could not be started: ${error.message}`));
  child.on('exit', (code, signal) => {
    void server.close().finally(() => {
      fs.rmSync(socketDir, { recursive: true, force: true });
      process.exit(code ?? (signal ? 1 : 0));
    });
  });
}

void main();
