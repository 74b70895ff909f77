/** Shared helpers for the simulator tests: scenarios, temp directories, and a hand-framed shell client. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatImportModule } from '../../../src/host/wire';
import { HyperVModel } from '../../../src/simulator/hyperv/model';
import type { HostState } from '../../../src/simulator/hyperv/state';
import { BUILT_IN_SCENARIOS, type BuiltInScenarioName } from '../../../src/simulator/scenarios/builtIn';
import { parseScenario } from '../../../src/simulator/scenarios/resolveScenario';

export function scenarioState(name: BuiltInScenarioName): HostState {
  return parseScenario(BUILT_IN_SCENARIOS[name], name);
}

/** A model over a fresh copy of a built-in scenario, runtime settled as the store would. */
export function scenarioModel(name: BuiltInScenarioName, adjust?: (state: HostState) => void): HyperVModel {
  const state = scenarioState(name);
  adjust?.(state);
  const model = new HyperVModel(state);
  model.settleRuntime();
  return model;
}

export function vmByName(model: HyperVModel, name: string) {
  const vm = model.state.vms.find((v) => v.name === name);
  if (!vm) throw new Error(`no VM ${name} in the scenario`);
  return vm;
}

const made: string[] = [];

export function tempDir(prefix = 'gpupv-sim-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the test');
    dir = parent;
  }
  return dir;
}

export const SIMULATOR = (): string => join(repoRoot(), 'dist', 'simulator.js');

export interface Invocation {
  readonly stdout: string;
  readonly stderr: string;
}

let delimiterCounter = 0;

/**
 * Talks to `node dist/simulator.js` exactly the way node-powershell frames an invocation:
 * delimiter writes to stderr and stdout around the command, then reads each stream up to the
 * second delimiter.
 */
export class SimulatorProcess {
  readonly child: ChildProcessWithoutNullStreams;
  private out = '';
  private err = '';
  private waiters: Array<() => void> = [];
  readonly exited: Promise<number | null>;

  constructor(
    env: Record<string, string>,
    readonly eol = '\n',
  ) {
    this.child = spawn(process.execPath, [SIMULATOR(), '-NoLogo', '-NoExit', '-Command', '-'], {
      // Only what the test sets: a GPUPV_SIM_* variable of the surrounding shell must not leak in.
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GPUPV_SIM_'))), ...env },
      stdio: 'pipe',
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.out += chunk;
      this.notify();
    });
    this.child.stderr.on('data', (chunk: string) => {
      this.err += chunk;
      this.notify();
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.child.stdin.on('error', () => undefined);
  }

  static start(dir: string, scenario?: string, eol?: string): SimulatorProcess {
    const env: Record<string, string> = { GPUPV_SIM_DIR: dir };
    if (scenario !== undefined) env.GPUPV_SIM_SCENARIO = scenario;
    return new SimulatorProcess(env, eol);
  }

  /** Writes one framed invocation without waiting for it. */
  send(command: string, eol: string = this.eol): string {
    const delimiter = `D${++delimiterCounter}X${Date.now().toString(36)}`;
    const lines = [
      `[Console]::Error.WriteLine("${delimiter}")`,
      `[Console]::Out.WriteLine("${delimiter}")`,
      command,
      `[Console]::Error.WriteLine("${delimiter}")`,
      `[Console]::Out.WriteLine("${delimiter}")`,
    ];
    this.child.stdin.write(lines.map((line) => line + eol).join(''));
    return delimiter;
  }

  /** Waits for the output of the invocation framed with `delimiter`. */
  async read(delimiter: string, timeoutMs = 5000): Promise<Invocation> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stdout = between(this.out, delimiter);
      const stderr = between(this.err, delimiter);
      if (stdout !== null && stderr !== null) return { stdout, stderr };
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no complete answer for ${delimiter} within ${timeoutMs} ms; stdout=${JSON.stringify(this.out)} stderr=${JSON.stringify(this.err)}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async invoke(command: string, timeoutMs?: number, eol?: string): Promise<Invocation> {
    return this.read(this.send(command, eol), timeoutMs);
  }

  async importModule(): Promise<void> {
    await this.invoke(formatImportModule('C:\\Program Files\\GpuPv\\GpuPv.psm1'));
  }

  get rawStdout(): string {
    return this.out;
  }

  get rawStderr(): string {
    return this.err;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    await this.exited;
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/** The text between the first and second occurrence of the delimiter line, trimmed like node-powershell does. */
function between(text: string, delimiter: string): string | null {
  const first = text.indexOf(delimiter);
  if (first < 0) return null;
  const second = text.indexOf(delimiter, first + delimiter.length);
  if (second < 0) return null;
  return text.slice(first + delimiter.length, second).trim();
}
