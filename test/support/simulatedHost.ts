/**
 * A simulated Hyper-V host behind the production session and client, in a temporary folder.
 * Requires `dist/simulator.js` (npm test builds it first).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostClient } from '../../src/host/hostClient';
import { launchFor, type HostConfig } from '../../src/host/hostConfig';
import type { RemoteCredential } from '../../src/host/remoteLaunch';
import { memoryCredentials, type MemoryCredentials } from './credentials';
import type { SimulatedBehaviour, RemoteConnection } from '../../src/host/remoteConfig';
import { PowerShellSession, type LineBuilder, type ShellLaunch } from '../../src/host/session';
import { writeFaults, type Fault } from '../../src/simulator/faults/faults';
import type { ScenarioInput } from '../../src/simulator/hyperv/state';
import { writeScenarioFile } from '../../src/simulator/scenarios/scenarioFile';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface SimulatedHost {
  readonly storagePath: string;
  /** The simulator's own folder: state.json, faults.json, disks/. */
  readonly simDir: string;
  readonly config: HostConfig;
  readonly launch: ShellLaunch;
  /** The stored credential (a remote host's), with the refusals the sign-in recorded. */
  readonly credentials: MemoryCredentials;
  readonly session: PowerShellSession;
  readonly client: HostClient;
  /** Every line the session was asked to send, in order, a sealed one as it was sealed (only with `recordLines`). */
  readonly sentLines: string[];
  /** Every line the host read on stdin, as it came (GPUPV_SIM_TRANSCRIPT; only with `transcript`). */
  readonly transcriptPath: string;
  injectFaults(faults: readonly Fault[]): void;
  dispose(): Promise<void>;
}

export interface SimulatedHostOptions {
  /** A built-in scenario name, or a scenario to write to a file. */
  readonly scenario?: string | ScenarioInput;
  readonly callTimeoutMs?: number;
  readonly startTimeoutMs?: number;
  /** Keep every sent line in `sentLines` (memory measurements must leave this off). */
  readonly recordLines?: boolean;
  /** Play a remote host: the shell connects first (Connect-GpuPvRemote), as a real remote host's would. */
  readonly remote?: RemoteConnection & SimulatedBehaviour;
  /** The stored credential the connect line signs in with. */
  readonly credential?: RemoteCredential;
  /** The host's name (its state folder follows it). */
  readonly name?: string;
  /** Record every calls the simulator decodes in `<simDir>/received.jsonl` (GPUPV_SIM_RECORD=1). */
  readonly recordReceived?: boolean;
  /** Record every line the simulator reads, as PowerShell's transcription would (GPUPV_SIM_TRANSCRIPT). */
  readonly transcript?: boolean;
}

/** Keeps every line `session` sends in `into`; a line with secrets as it was sealed, when it was sent. */
export function recordSentLines(session: PowerShellSession, into: string[]): void {
  const call = session.call.bind(session);
  session.call = (line, timeoutMs) => {
    if (typeof line === 'string') {
      into.push(line);
      return call(line, timeoutMs);
    }
    const recorded: LineBuilder = (key) => {
      const built = line(key);
      if (built.ok) into.push(built.value);
      return built;
    };
    return call(recorded, timeoutMs);
  };
}

/** A built-in scenario's name, or a scenario given inline written as a file in the host's storage. */
export function scenarioOption(storagePath: string, scenario: SimulatedHostOptions['scenario']): string {
  if (typeof scenario === 'string') return scenario;
  if (!scenario) return 'win11-workstation';
  const file = path.join(storagePath, 'scenario.json');
  writeScenarioFile(file, scenario);
  return file;
}

/** The production session and client over `launch`, with every line it sends recorded when asked. */
export function sessionAndClient(
  launch: ShellLaunch,
  name: string,
  options: Pick<SimulatedHostOptions, 'callTimeoutMs' | 'startTimeoutMs' | 'recordLines'>,
  timeouts: { readonly callTimeoutMs: number; readonly startTimeoutMs: number },
): { session: PowerShellSession; client: HostClient; sentLines: string[] } {
  const session = new PowerShellSession(launch, {
    callTimeoutMs: options.callTimeoutMs ?? timeouts.callTimeoutMs,
    startTimeoutMs: options.startTimeoutMs ?? timeouts.startTimeoutMs,
  });
  const sentLines: string[] = [];
  if (options.recordLines) recordSentLines(session, sentLines);
  return { session, client: new HostClient(session, name), sentLines };
}

export function startSimulatedHost(options: SimulatedHostOptions = {}): SimulatedHost {
  const storagePath = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-test-'));
  const scenario = scenarioOption(storagePath, options.scenario);
  const config: HostConfig = {
    kind: 'simulated',
    name: options.name ?? 'Test host',
    scenario,
    ...(options.remote ? { remote: options.remote } : {}),
  };
  const credentials = memoryCredentials(options.credential);
  const launched = launchFor(
    config,
    { extensionPath: REPO_ROOT, storagePath, nodeExecutable: process.execPath, powershellExecutable: 'pwsh' },
    credentials,
  );
  const simDir = launched.env!.GPUPV_SIM_DIR!;
  const transcriptPath = path.join(simDir, 'transcript.txt');
  const launch: ShellLaunch = {
    ...launched,
    env: {
      ...launched.env,
      ...(options.recordReceived ? { GPUPV_SIM_RECORD: '1' } : {}),
      ...(options.transcript ? { GPUPV_SIM_TRANSCRIPT: transcriptPath } : {}),
    },
  };
  fs.mkdirSync(simDir, { recursive: true });
  const { session, client, sentLines } = sessionAndClient(launch, config.name, options, { callTimeoutMs: 10_000, startTimeoutMs: 15_000 });
  return {
    storagePath,
    simDir,
    config,
    launch,
    credentials,
    session,
    client,
    sentLines,
    transcriptPath,
    injectFaults: (faults) => writeFaults(simDir, faults),
    async dispose() {
      await session.dispose();
      fs.rmSync(storagePath, { recursive: true, force: true });
    },
  };
}
