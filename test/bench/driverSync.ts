/**
 * The driver copy measurements, side by side in one run on the same disk: a cold sync of a generated
 * driver package of more than 1 GB and 800 files into an empty guest (offline: the simulated host
 * copies four files at a time, robocopy /MT-like, and SHA-256-hashes every byte while they copy)
 * against `cp -r` of the same files, each timed until `sync` returns (the bytes on the disk); then a
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
import { median, seconds, type Report } from './measure';

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
      // Timed until the bytes are on the disk, like the cp -r beside it: otherwise whichever runs
      // second pays for the other's writeback, and the page cache decides the ratio.
      spawnSync('sync');
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
    const sources = [
      path.join(hostWindows, 'System32', 'DriverStore', 'FileRepository', PACKAGE),
      ...['System32/nvapi64.dll', 'System32/nvcuda.dll', 'SysWOW64/nvapi.dll'].map((f) => path.join(hostWindows, f)),
    ];
    const guestStore = path.join(guestWindowsDir(host.simDir, vmId), 'System32', 'HostDriverStore');
    const copyDir = path.join(host.simDir, 'cp-target');
    const resetGuest = (): void => {
      fs.rmSync(guestStore, { recursive: true, force: true });
      for (const f of ['System32/nvapi64.dll', 'System32/nvcuda.dll', 'SysWOW64/nvapi.dll'])
        fs.rmSync(path.join(guestWindowsDir(host.simDir, vmId), f), { force: true });
      spawnSync('sync');
    };
    const cp = (): number => {
      fs.rmSync(copyDir, { recursive: true, force: true });
      fs.mkdirSync(copyDir, { recursive: true });
      spawnSync('sync');
      const t0 = performance.now();
      const result = spawnSync('cp', ['-r', ...sources, copyDir]);
      spawnSync('sync');
      const ms = performance.now() - t0;
      if (result.status !== 0) throw new Error(`cp -r failed: ${result.stderr.toString()}`);
      return ms;
    };

    // Alternating rounds; each sync starts from an empty guest store, each cp from an empty folder.
    // A host shell keeps the SHA-256 of the files it hashed (by path, length and write time), as the
    // module does: the 'first' rounds restart the shell so every byte is hashed again, the 'further'
    // rounds keep it, as a second VM synced from the same host driver would.
    const restartShell = async (): Promise<void> => {
      host.injectFaults([{ operation: 'Get-HostFacts', kind: 'crash' }]);
      await host.client.hostFacts();
    };
    const rounds = async (restart: boolean): Promise<{ sync: number; cp: number; files: number; bytes: bigint }> => {
      const syncs: number[] = [];
      const copies: number[] = [];
      let files = 0;
      let bytes = 0n;
      for (let round = 0; round < 3; round++) {
        copies.push(cp());
        resetGuest();
        if (restart) await restartShell();
        const run = await sync();
        if (run.kind !== 'synced') throw new Error(`expected a cold sync, got ${run.kind}`);
        syncs.push(run.ms);
        files = run.files;
        bytes = run.bytes;
      }
      return { sync: median(syncs), cp: median(copies), files, bytes };
    };
    const first = await rounds(true);
    const further = await rounds(false);
    fs.rmSync(copyDir, { recursive: true, force: true });
    const tree = `${first.files} files, ${(Number(first.bytes) / 1048576).toFixed(0)} MiB`;
    const firstRatio = first.sync / first.cp;
    report(
      `driver sync: cold copy of ${tree}, hashing every byte (the host's first sync of this driver) vs cp -r of the same files, to disk (medians of 3)`,
      `${seconds(first.sync)} vs ${seconds(first.cp)} = ${firstRatio.toFixed(2)}x`,
      'within 1.3x',
      firstRatio <= 1.3,
    );
    const ratio = further.sync / further.cp;
    report(
      `driver sync: cold copy of ${tree} into a further VM (the host's hashes kept) vs cp -r of the same files, to disk (medians of 3)`,
      `${seconds(further.sync)} vs ${seconds(further.cp)} = ${ratio.toFixed(2)}x`,
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
    // Against the cold copy of the first rounds (nothing cached anywhere); the share of the faster
    // further-VM copy is printed beside it.
    const share = unchangedMs / first.sync;
    report(
      'driver sync: re-sync with nothing changed vs the cold copy',
      `${unchangedMs.toFixed(0)} ms vs ${seconds(first.sync)} = ${(share * 100).toFixed(1)}% (${((unchangedMs / further.sync) * 100).toFixed(1)}% ` +
        `of a further VM's copy)`,
      'under 5%',
      share < 0.05,
    );

    const oneFile: number[] = [];
    const changed = path.join(sources[0]!, 'nvd3dumx.dll');
    for (let round = 0; round < 3; round++) {
      fs.appendFileSync(changed, `hotfix ${round}\n`);
      const run = await sync();
      if (run.kind !== 'synced' || run.files !== 1) throw new Error(`expected one file copied, got ${run.kind} with ${run.files}`);
      oneFile.push(run.ms);
    }
    const size = fs.statSync(changed).size;
    report(
      `driver sync: re-sync with one changed file (${(size / 1048576).toFixed(0)} MiB)`,
      `${median(oneFile).toFixed(0)} ms (${((median(oneFile) / first.sync) * 100).toFixed(1)}% of the cold copy)`,
      'reported',
      true,
    );
  } finally {
    await host.dispose();
  }
}
