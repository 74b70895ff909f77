/**
 * `npm run bench`: every comparison is measured side by side in this one run, on this machine,
 * through the production session and client: against the simulated host, and the round-trip ones
 * again through the real module in pwsh 7 over the Hyper-V double (test/support/realModuleHost.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PowerShellSession } from '../../src/host/session';
import { HostClient } from '../../src/host/hostClient';
import { generateScenario } from '../../src/simulator/scenarios/generateScenario';
import { startRealModuleHost, type RealModuleHostOptions } from '../support/realModuleHost';
import { REPO_ROOT, startSimulatedHost, type SimulatedHost } from '../support/simulatedHost';
import { measureActivation } from './activation';
import { driverSyncBench } from './driverSync';
import { fleetRefresh } from './fleet';
import { median, must, time } from './measure';
import { realDriverCopy } from './realDriverCopy';

interface Row {
  readonly measure: string;
  readonly value: string;
  readonly target: string;
  readonly met: boolean;
}

const rows: Row[] = [];
function report(measure: string, value: string, target: string, met: boolean): void {
  rows.push({ measure, value, target, met });
  console.log(`${met ? 'ok  ' : 'MISS'} ${measure}: ${value} (target ${target})`);
}

/** A host the round-trip measurements run against: one of the two faces of the one Hyper-V model. */
interface BenchHost extends Pick<SimulatedHost, 'client' | 'launch' | 'dispose'> {
  /** The cmdlet calls the double answered so far (the real module's face only). */
  readonly cmdletCalls?: () => number;
}

interface Face {
  /** Put before each measure's name. */
  readonly label: string;
  readonly rounds: number;
  start(options: RealModuleHostOptions): Promise<BenchHost>;
}

const SIMULATED: Face = { label: 'simulated host', rounds: 5, start: async (options) => startSimulatedHost(options) };
const REAL_MODULE: Face = {
  label: 'real module: pwsh 7 + GpuPv.psm1 + Hyper-V double',
  // A pass of one call per VM takes seconds here: fewer rounds, the same medians.
  rounds: 3,
  start: async (options) => {
    const host = await startRealModuleHost(options);
    return { ...host, cmdletCalls: () => host.server.answered() };
  },
};

/** How many cmdlet calls of the double `fn` made, when the face has the double. */
async function counted(host: BenchHost, fn: () => Promise<unknown>): Promise<number | undefined> {
  const before = host.cmdletCalls?.();
  await fn();
  return before === undefined ? undefined : host.cmdletCalls!() - before;
}

async function inventoryRoundTrips(face: Face): Promise<void> {
  const host = await face.start({ scenario: generateScenario({ vms: 200, gpus: 8 }), callTimeoutMs: 600_000 });
  try {
    const first = must(await host.client.inventory());
    if (first.vms.length !== 200 || first.gpus.length !== 8) throw new Error('the bench scenario should have 200 VMs and 8 GPUs');
    const ids = first.vms.map((vm) => vm.id);
    const inventory = async () => must(await host.client.inventory());
    const perVmPass = async () => {
      must(await host.client.hostFacts());
      for (const id of ids) must(await host.client.vm(id));
    };
    // Untimed: what each way asks of Hyper-V, so a double that answered from a cache would show.
    const calls = { oneTrip: await counted(host, inventory), perVm: await counted(host, perVmPass) };
    const oneTrip: number[] = [];
    const perVm: number[] = [];
    for (let round = 0; round < face.rounds; round++) {
      oneTrip.push(await time(inventory));
      perVm.push(await time(perVmPass));
    }
    const ratio = median(perVm) / median(oneTrip);
    const asked = calls.oneTrip === undefined ? '' : `; the double answered ${calls.oneTrip} vs ${calls.perVm} cmdlet calls`;
    report(
      `[${face.label}] inventory of 200 VMs + 8 GPUs: one round trip vs one per VM`,
      `${median(oneTrip).toFixed(1)} ms vs ${median(perVm).toFixed(1)} ms = ${ratio.toFixed(1)}x faster${asked}`,
      '>= 20x',
      ratio >= 20,
    );
  } finally {
    await host.dispose();
  }
}

async function warmVersusNewShell(face: Face): Promise<void> {
  const host = await face.start({ callTimeoutMs: 60_000 });
  try {
    must(await host.client.hostFacts());
    const warm: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < face.rounds * 2; i++) {
      warm.push(await time(async () => must(await host.client.hostFacts())));
      cold.push(
        await time(async () => {
          const session = new PowerShellSession(host.launch, { callTimeoutMs: 60_000, startTimeoutMs: 180_000 });
          try {
            must(await new HostClient(session, 'cold').hostFacts());
          } finally {
            await session.dispose();
          }
        }),
      );
    }
    const ratio = median(cold) / median(warm);
    report(
      `[${face.label}] warm call vs a new shell per call`,
      `${median(warm).toFixed(2)} ms vs ${median(cold).toFixed(1)} ms = ${ratio.toFixed(0)}x faster`,
      'warm clearly faster',
      ratio > 5,
    );
  } finally {
    await host.dispose();
  }
}

async function memoryOverCalls(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the bench with --expose-gc');
  const host = startSimulatedHost({ callTimeoutMs: 30_000 });
  try {
    const heapAfter = (n: number) => {
      gc();
      gc();
      return { n, heap: process.memoryUsage().heapUsed };
    };
    for (let i = 0; i < 500; i++) must(await host.client.hostFacts());
    const warm = heapAfter(500);
    for (let i = 500; i < 5000; i++) must(await host.client.hostFacts());
    const end = heapAfter(5000);
    const growth = end.heap - warm.heap;
    const perCall = growth / (end.n - warm.n);
    report(
      'heap growth over 5,000 calls (after 500 warm-up calls)',
      `${(growth / 1024).toFixed(0)} KB total, ${perCall.toFixed(1)} bytes per call; heap ${(warm.heap / 1048576).toFixed(1)} ` +
        `MB -> ${(end.heap / 1048576).toFixed(1)} MB`,
      'flat (< 50 bytes per call)',
      perCall < 50,
    );
  } finally {
    await host.dispose();
  }
}

function activation(): void {
  // Best of several loads; each run loads a fresh copy of the bundle.
  const runs = Array.from({ length: 5 }, () => {
    for (const key of Object.keys(require.cache)) if (key.includes(`${path.sep}dist${path.sep}extension.js`)) delete require.cache[key];
    return measureActivation(REPO_ROOT);
  });
  const activateMs = median(runs.map((r) => r.activateMs));
  const loadMs = median(runs.map((r) => r.loadMs));
  const spawned = Math.max(...runs.map((r) => r.processesSpawned));
  report('activation: activate() time', `${activateMs.toFixed(2)} ms (bundle load ${loadMs.toFixed(1)} ms)`, '< 30 ms', activateMs < 30);
  report('activation: processes spawned', String(spawned), '0', spawned === 0);
}

function bundleSizes(): void {
  for (const [file, limitKb] of [
    ['dist/extension.js', 400],
    ['dist/simulator.js', Infinity],
    ['dist/webview.js', Infinity],
  ] as const) {
    const kb = fs.statSync(path.join(REPO_ROOT, file)).size / 1024;
    report(
      `bundle size ${file} (production build)`,
      `${kb.toFixed(1)} KB`,
      Number.isFinite(limitKb) ? `< ${limitKb} KB` : 'reported',
      kb < limitKb,
    );
  }
}

async function main(): Promise<void> {
  bundleSizes();
  activation();
  for (const face of [SIMULATED, REAL_MODULE]) {
    await warmVersusNewShell(face);
    await inventoryRoundTrips(face);
  }
  await fleetRefresh(report);
  await memoryOverCalls();
  await driverSyncBench(report);
  await realDriverCopy(report);
  const missed = rows.filter((r) => !r.met);
  console.log(`\nbench: ${rows.length - missed.length} of ${rows.length} targets met`);
  process.exitCode = missed.length === 0 ? 0 : 1;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
