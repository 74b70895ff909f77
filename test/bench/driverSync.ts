/**
 * Issue 4's copy measurements, side by side in one run on the same disk: a cold sync of a generated
 * driver package of more than 1 GB and 800 files into an empty guest (offline: the simulated host
 * copies and SHA-256-hashes every byte, in one pass) against `cp -r` of the same files; then a
 * re-sync with nothing changed, and one with a single changed file.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostInventory } from '../../src/core/model';
import { syncVmDriver } from '../../src/host/driverSync';
import { guestWindowsDir } from '../support/guestDriverStore';
import { startSimulatedHost } from '../support/simulatedHost';
import { PACKAGE, VM_IDS, syncScenario } from '../support/syncScenario';

type Report = (measure: string, value: string, target: string, met: boolean) => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export async function driverSyncBench(report: Report): Promise<void> {
  const host = startSimulatedHost({ scenario: syncScenario({ benchmark: true }), callTimeoutMs: 600_000 });
  const vmId = VM_IDS.off;
  const target = { Mode: 'Offline' as const, VMId: vmId };
  try {
    const inventory = async (): Promise<HostInventory> => {
      const result = await host.client.inventory();
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    const sync = async (): Promise<{ ms: number; files: number; bytes: bigint; kind: string }> => {
      const inv = await inventory();
      const vm = inv.vms.find((v) => v.id === vmId)!;
      const t0 = performance.now();
      const result = await syncVmDriver(host.client, vm, inv.gpus, target);
      const ms = performance.now() - t0;
      if (!result.ok) throw new Error(result.error.message);
      const stats = result.value.kind === 'cancelled' ? null : result.value.stats;
      return { ms, files: stats?.filesCopied ?? 0, bytes: stats?.bytesCopied ?? 0n, kind: result.value.kind };
    };
    // Discovery generates the host's package (once); it is not part of any measurement.
    const inv = await inventory();
    const discovered = await host.client.driverPackages(inv.gpus[0]!.instancePath);
    if (!discovered.ok) throw new Error(discovered.error.message);
    const hostWindows = path.join(host.simDir, 'disks', 'host', 'Windows');
    const sources = [path.join(hostWindows, 'System32', 'DriverStore', 'FileRepository', PACKAGE), ...['System32/nvapi64.dll', 'System32/nvcuda.dll', 'SysWOW64/nvapi.dll'].map((f) => path.join(hostWindows, f))];
    const guestStore = path.join(guestWindowsDir(host.simDir, vmId), 'System32', 'HostDriverStore');
    const copyDir = path.join(host.simDir, 'cp-target');
    const resetGuest = (): void => {
      fs.rmSync(guestStore, { recursive: true, force: true });
      for (const f of ['System32/nvapi64.dll', 'System32/nvcuda.dll', 'SysWOW64/nvapi.dll']) fs.rmSync(path.join(guestWindowsDir(host.simDir, vmId), f), { force: true });
      spawnSync('sync');
    };
    const cp = (): number => {
      fs.rmSync(copyDir, { recursive: true, force: true });
      fs.mkdirSync(copyDir, { recursive: true });
      spawnSync('sync');
      const t0 = performance.now();
      const result = spawnSync('cp', ['-r', ...sources, copyDir]);
      const ms = performance.now() - t0;
      if (result.status !== 0) throw new Error(`cp -r failed: ${result.stderr.toString()}`);
      return ms;
    };

    // Three alternating rounds; each sync starts from an empty guest store, each cp from an empty folder.
    const cold: number[] = [];
    const copies: number[] = [];
    let files = 0;
    let bytes = 0n;
    for (let round = 0; round < 3; round++) {
      copies.push(cp());
      resetGuest();
      const run = await sync();
      if (run.kind !== 'synced') throw new Error(`expected a cold sync, got ${run.kind}`);
      cold.push(run.ms);
      files = run.files;
      bytes = run.bytes;
    }
    fs.rmSync(copyDir, { recursive: true, force: true });
    const coldMs = median(cold);
    const cpMs = median(copies);
    const ratio = coldMs / cpMs;
    report(
      `driver sync: cold copy of ${files} files, ${(Number(bytes) / 1048576).toFixed(0)} MiB (copy + SHA-256 of every byte) vs cp -r of the same files`,
      `${seconds(coldMs)} vs ${seconds(cpMs)} = ${ratio.toFixed(2)}x`,
      'within 1.3x',
      ratio <= 1.3,
    );

    const unchanged: number[] = [];
    for (let round = 0; round < 3; round++) {
      const run = await sync();
      if (run.kind !== 'in-sync') throw new Error(`expected nothing to copy, got ${run.kind}`);
      unchanged.push(run.ms);
    }
    const unchangedMs = median(unchanged);
    const share = unchangedMs / coldMs;
    report('driver sync: re-sync with nothing changed vs the cold copy', `${unchangedMs.toFixed(0)} ms vs ${seconds(coldMs)} = ${(share * 100).toFixed(1)}%`, 'under 5%', share < 0.05);

    const oneFile: number[] = [];
    const changed = path.join(sources[0]!, 'nvd3dumx.dll');
    for (let round = 0; round < 3; round++) {
      fs.appendFileSync(changed, `hotfix ${round}\n`);
      const run = await sync();
      if (run.kind !== 'synced' || run.files !== 1) throw new Error(`expected one file copied, got ${run.kind} with ${run.files}`);
      oneFile.push(run.ms);
    }
    const size = fs.statSync(changed).size;
    report(`driver sync: re-sync with one changed file (${(size / 1048576).toFixed(0)} MiB)`, `${median(oneFile).toFixed(0)} ms (${((median(oneFile) / coldMs) * 100).toFixed(1)}% of the cold copy)`, 'reported', true);
  } finally {
    await host.dispose();
  }
}
