/**
 * `npm run bench`: every comparison is measured side by side in this one run, on this machine,
 * through the production session and client against the simulated host.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PowerShellSession } from '../../src/host/session';
import { HostClient } from '../../src/host/hostClient';
import { generateScenario } from '../../src/simulator/scenarios/generateScenario';
import { REPO_ROOT, startSimulatedHost } from '../support/simulatedHost';
import { measureActivation } from './activation';
import { driverSyncBench } from './driverSync';
import { fleetRefresh } from './fleet';

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function inventoryRoundTrips(): Promise<void> {
  const host = startSimulatedHost({ scenario: generateScenario({ vms: 200, gpus: 8 }), callTimeoutMs: 60_000 });
  try {
    const first = must(await host.client.inventory());
    if (first.vms.length !== 200 || first.gpus.length !== 8) throw new Error('the bench scenario should have 200 VMs and 8 GPUs');
    const ids = first.vms.map((vm) => vm.id);
    const oneTrip: number[] = [];
    const perVm: number[] = [];
    for (let round = 0; round < 5; round++) {
      oneTrip.push(await time(async () => must(await host.client.inventory())));
      perVm.push(
        await time(async () => {
          must(await host.client.hostFacts());
          for (const id of ids) must(await host.client.vm(id));
        }),
      );
    }
    const ratio = median(perVm) / median(oneTrip);
    report(
      'inventory of 200 VMs + 8 GPUs: one round trip vs one per VM',
      `${median(oneTrip).toFixed(1)} ms vs ${median(perVm).toFixed(1)} ms = ${ratio.toFixed(1)}x faster`,
      '>= 20x',
      ratio >= 20,
    );
  } finally {
    await host.dispose();
  }
}

async function warmVersusNewShell(): Promise<void> {
  const host = startSimulatedHost({ callTimeoutMs: 30_000 });
  try {
    must(await host.client.hostFacts());
    const warm: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < 10; i++) {
      warm.push(await time(async () => must(await host.client.hostFacts())));
      cold.push(
        await time(async () => {
          const session = new PowerShellSession(host.launch, { callTimeoutMs: 30_000, startTimeoutMs: 30_000 });
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
      'warm call vs a new shell per call',
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
      `${(growth / 1024).toFixed(0)} KB total, ${perCall.toFixed(1)} bytes per call; heap ${(warm.heap / 1048576).toFixed(1)} MB -> ${(end.heap / 1048576).toFixed(1)} MB`,
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
  await warmVersusNewShell();
  await inventoryRoundTrips();
  await fleetRefresh(report);
  await memoryOverCalls();
  await driverSyncBench(report);
  const missed = rows.filter((r) => !r.met);
  console.log(`\nbench: ${rows.length - missed.length} of ${rows.length} targets met`);
  process.exitCode = missed.length === 0 ? 0 : 1;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
