/**
 * The production path on real PowerShell against the Hyper-V double: the session class and
 * node-powershell start pwsh 7, which imports the built GpuPv.psm1 exactly as on Windows; the
 * module's Hyper-V, CIM cmdlets are the double's (src/simulator/cmdlets/modules, first on
 * PSModulePath), answered by a cmdlet server in this process over the simulated host's state. The
 * same surface as startSimulatedHost, so a suite can run against both faces of the one model.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchFor, type HostConfig } from '../../src/host/hostConfig';
import type { ShellLaunch } from '../../src/host/session';
import { startCmdletServer, type CmdletServer } from '../../src/simulator/cmdlets/cmdletServer';
import { hostDiskRoot } from '../../src/simulator/disks/layout';
import { StateStore } from '../../src/simulator/persistence/stateStore';
import { resolveScenario } from '../../src/simulator/scenarios/resolveScenario';
import { memoryCredentials } from './credentials';
import { ensurePwsh } from './realPowerShell';
import { REPO_ROOT, scenarioOption, sessionAndClient, type SimulatedHost, type SimulatedHostOptions } from './simulatedHost';

export const DOUBLE_MODULES = path.join(REPO_ROOT, 'src', 'simulator', 'cmdlets', 'modules');

export interface RealModuleHost extends Omit<SimulatedHost, 'injectFaults' | 'transcriptPath'> {
  readonly server: CmdletServer;
  /** With `killSwitch`: the shell dies once `count` items of `point` are done (then the switch is off again). */
  killAfter(point: KillPoint, count: number): void;
}

export type RealModuleHostOptions = Pick<SimulatedHostOptions, 'scenario' | 'callTimeoutMs' | 'startTimeoutMs' | 'recordLines' | 'name'> & {
  /** Breakpoints in every shell for killAfter (they slow the module a little, so only kill tests ask). */
  readonly killSwitch?: boolean;
};

/** Where a kill test arms the double's exact kill (see Register-GpuPvDoubleKill in the double). */
export type KillPoint = 'copied-file' | 'commit-step';

/**
 * The pwsh launch of "This computer", with the double first on PSModulePath, its start-up line
 * before the module's import (C: is the simulated host's disk, the core cmdlets' doubles), and
 * Windows' folders in temp. With `killFile` the shell dies at the point that file arms.
 */
export function doubleLaunch(storagePath: string, socketPath: string, simDir: string, killFile?: string): ShellLaunch {
  const launched = launchFor(
    { kind: 'local', name: 'This computer' },
    { extensionPath: REPO_ROOT, storagePath, nodeExecutable: process.execPath, powershellExecutable: ensurePwsh() },
  );
  const programData = path.join(storagePath, 'ProgramData');
  fs.mkdirSync(programData, { recursive: true });
  const start = path.join(DOUBLE_MODULES, 'GpuPvDouble', 'Start-GpuPvDouble.ps1');
  return {
    ...launched,
    startupLines: [`. '${start.replace(/'/g, "''")}'`, ...launched.startupLines],
    env: {
      ...launched.env,
      PSModulePath: [DOUBLE_MODULES, process.env.PSModulePath].filter(Boolean).join(path.delimiter),
      GPUPV_DOUBLE_SOCKET: socketPath,
      GPUPV_DOUBLE_HOST_DRIVE: hostDiskRoot(simDir),
      ...(killFile ? { GPUPV_DOUBLE_KILL_FILE: killFile } : {}),
      ProgramData: programData,
    },
  };
}

export async function startRealModuleHost(options: RealModuleHostOptions = {}): Promise<RealModuleHost> {
  const storagePath = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-real-'));
  const scenario = scenarioOption(storagePath, options.scenario);
  const simDir = path.join(storagePath, 'sim');
  const store = StateStore.open(simDir, resolveScenario(scenario));
  const server = await startCmdletServer(store, path.join(storagePath, 'cmdlets.sock'));
  const config: HostConfig = { kind: 'local', name: options.name ?? 'Test host' };
  const killFile = path.join(storagePath, 'kill-trigger');
  const launch = doubleLaunch(storagePath, server.socketPath, simDir, options.killSwitch ? killFile : undefined);
  const { session, client, sentLines } = sessionAndClient(launch, config.name, options, { callTimeoutMs: 60_000, startTimeoutMs: 180_000 });
  return {
    storagePath,
    simDir,
    config,
    launch,
    credentials: memoryCredentials(undefined),
    session,
    client,
    sentLines,
    server,
    killAfter(point, count) {
      if (!options.killSwitch) throw new Error('killAfter needs a host started with killSwitch');
      fs.writeFileSync(killFile, `${point} ${count}`);
    },
    async dispose() {
      await session.dispose();
      await server.close();
      fs.rmSync(storagePath, { recursive: true, force: true });
    },
  };
}

export interface PwshRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/**
 * Runs `script` in a new pwsh with the double over a fresh state of `scenario` (the server answers
 * from this process), after the double's start-up line (C:, the core cmdlets' doubles).
 */
export async function runWithDouble(scenario: string, script: string): Promise<PwshRun> {
  const storagePath = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-double-'));
  const server = await startCmdletServer(
    StateStore.open(path.join(storagePath, 'sim'), resolveScenario(scenario)),
    path.join(storagePath, 'cmdlets.sock'),
  );
  try {
    const launch = doubleLaunch(storagePath, server.socketPath, path.join(storagePath, 'sim'));
    return await new Promise<PwshRun>((resolve) => {
      const child = execFile(
        launch.executable,
        ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', `${launch.startupLines[0]}\n${script}`],
        { env: { ...process.env, ...launch.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
      );
      child.stdin?.end();
    });
  } finally {
    await server.close();
    fs.rmSync(storagePath, { recursive: true, force: true });
  }
}
