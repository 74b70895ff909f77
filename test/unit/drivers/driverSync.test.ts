/**
 * Driver sync through the production session, client and runner, on both faces of the one model:
 * the simulated host, and the real module in pwsh over the Hyper-V double (Storage, VHD and
 * PowerShell Direct doubles on real folders). Each test reads the guest's disk afterwards: files,
 * hashes, the manifest, the mount state.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Result } from '../../../src/core/errors';
import type { DriverSyncPort } from '../../../src/core/drivers/sync/driverSyncPort';
import { driverDrift } from '../../../src/core/drivers/sync/drift';
import type { DriverSyncOutcome } from '../../../src/core/drivers/sync/runDriverSync';
import type { SyncProgress } from '../../../src/core/drivers/sync/progress';
import type { HostInventory } from '../../../src/core/model';
import { driverSyncPort, syncVmDriver, type SyncOptions } from '../../../src/host/driverSync';
import type { GuestTarget } from '../../../src/host/protocol';
import { SEALED_VERSION } from '../../../src/host/secrets/sealedSecret';
import { Secret } from '../../../src/host/secrets/secret';
import { parseCall } from '../../../src/host/wire';
import { readStateFile, writeStateFile } from '../../../src/simulator/persistence/stateStore';
import {
  checkAgainstManifest,
  guestFiles,
  guestManifest,
  guestPackages,
  guestWindowsDir,
  mountedDisks,
  workFolderExists,
} from '../../support/guestDriverStore';
import { HOST_FACES, type FaceHost } from '../../support/hostFaces';
import { PACKAGE, UPDATED_PACKAGE, VM_IDS, syncScenario } from '../../support/syncScenario';

const offline = (vmId: string): GuestTarget => ({ Mode: 'Offline', VMId: vmId });
const online = (vmId: string, password = 'S3cret!'): GuestTarget => ({
  Mode: 'Online',
  VMId: vmId,
  Credential: { UserName: 'tester', Password: new Secret(password) },
});

interface Counted {
  readonly port: DriverSyncPort;
  readonly calls: string[];
  readonly opened: unknown[];
}

function counted(host: FaceHost, target: GuestTarget): Counted {
  const inner = driverSyncPort(host.client, target);
  const calls: string[] = [];
  const opened: unknown[] = [];
  const port: DriverSyncPort = {
    fileList: (a, b) => (calls.push('fileList'), inner.fileList(a, b)),
    open: async (loose) => {
      calls.push('open');
      const result = await inner.open(loose);
      if (result.ok) opened.push(result.value.Volume);
      return result;
    },
    copy: (files, bytes) => (calls.push(`copy:${files.length}`), inner.copy(files, bytes)),
    run: (steps) => (calls.push(`run:${steps.length}`), inner.run(steps)),
    close: () => (calls.push('close'), inner.close()),
    record: (r) => (calls.push('record'), inner.record(r)),
  };
  return { port, calls, opened };
}

for (const face of HOST_FACES)
  describe(`driver sync on ${face.face}`, function () {
    this.timeout(Math.max(120_000, face.timeoutMs));
    let host: FaceHost;

    beforeEach(async () => {
      host = await face.start({ scenario: syncScenario(), callTimeoutMs: 60_000 });
    });
    afterEach(async () => {
      await host.dispose();
    });

    async function inventory(): Promise<HostInventory> {
      const result = await host.client.inventory();
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      return result.value;
    }

    async function sync(
      vmId: string,
      target: GuestTarget = offline(vmId),
      options: SyncOptions = {},
      port?: DriverSyncPort,
    ): Promise<Result<DriverSyncOutcome>> {
      const inv = await inventory();
      const vm = inv.vms.find((v) => v.id === vmId)!;
      return syncVmDriver(host.client, vm, inv.gpus, target, options, port);
    }

    function outcome(result: Result<DriverSyncOutcome>): DriverSyncOutcome {
      assert.ok(result.ok, result.ok ? '' : `${result.error.id}: ${result.error.message}`);
      return result.value;
    }

    it('cold sync offline: every package file and loose file lands in the guest with the manifest written last, and the disk is dismounted', async () => {
      const vm = (await inventory()).vms.find((v) => v.id === VM_IDS.off)!;
      assert.equal(driverDrift(vm, (await inventory()).gpus).kind, 'never-synced');
      const progress: SyncProgress[] = [];
      const result = outcome(await sync(VM_IDS.off, offline(VM_IDS.off), { onProgress: (p) => progress.push(p) }));
      assert.equal(result.kind, 'synced');
      if (result.kind !== 'synced') return;
      assert.deepEqual(guestPackages(host.simDir, VM_IDS.off), [PACKAGE]);
      assert.deepEqual(checkAgainstManifest(host.simDir, VM_IDS.off), []);
      const manifest = guestManifest(host.simDir, VM_IDS.off)!;
      const fileCount = manifest.packages[0]!.files.length + manifest.looseFiles.length;
      assert.ok(fileCount > 300, `a realistic package (${fileCount} files)`);
      assert.equal(result.stats.filesCopied, fileCount);
      assert.deepEqual(
        manifest.looseFiles.map((f) => f.path),
        ['System32\\nvapi64.dll', 'System32\\nvcuda.dll', 'SysWOW64\\nvapi.dll'],
      );
      assert.equal(manifest.gpus[0]!.driverVersion, '32.0.15.6094');
      assert.deepEqual(mountedDisks(host.simDir, VM_IDS.off), [], 'dismounted');
      assert.equal(workFolderExists(host.simDir, VM_IDS.off), false, 'no staging left');
      const last = progress.filter((p) => p.phase === 'staging').at(-1)!;
      assert.equal(last.filesDone, last.filesTotal);
      assert.equal(last.bytesDone, last.bytesTotal);
      // The host remembers the sync: the inventory shows the VM in sync.
      const after = await inventory();
      assert.equal(
        driverDrift(
          after.vms.find((v) => v.id === VM_IDS.off)!,
          after.gpus,
        ).kind,
        'in-sync',
      );
    });

    it('no-change re-sync: reads metadata only, copies and writes nothing in the guest', async () => {
      outcome(await sync(VM_IDS.off));
      const before = guestFiles(host.simDir, VM_IDS.off);
      const manifestFile = path.join(guestWindowsDir(host.simDir, VM_IDS.off), 'System32', 'HostDriverStore', 'gpupv-manifest.json');
      const manifestTime = fs.statSync(manifestFile).mtimeMs;
      const probe = counted(host, offline(VM_IDS.off));
      const result = outcome(await sync(VM_IDS.off, offline(VM_IDS.off), {}, probe.port));
      assert.equal(result.kind, 'in-sync');
      assert.deepEqual(probe.calls, ['fileList', 'open', 'record', 'close'], 'no copy, no guest write');
      assert.deepEqual(guestFiles(host.simDir, VM_IDS.off), before);
      assert.equal(fs.statSync(manifestFile).mtimeMs, manifestTime, 'the manifest was not rewritten');
      assert.deepEqual(mountedDisks(host.simDir, VM_IDS.off), []);
    });

    it('one host file changed: only that file is copied, the rest of the package is linked, and the guest matches the new manifest', async () => {
      outcome(await sync(VM_IDS.off));
      const hostFile = path.join(
        host.simDir,
        'disks',
        'host',
        'Windows',
        'System32',
        'DriverStore',
        'FileRepository',
        PACKAGE,
        'nvd3dumx.dll',
      );
      fs.appendFileSync(hostFile, Buffer.from('a hotfix build\n'));
      const probe = counted(host, offline(VM_IDS.off));
      const result = outcome(await sync(VM_IDS.off, offline(VM_IDS.off), {}, probe.port));
      assert.equal(result.kind, 'synced');
      if (result.kind !== 'synced') return;
      assert.equal(result.stats.filesCopied, 1);
      assert.ok(result.stats.filesLinked > 300);
      assert.deepEqual(
        probe.calls.filter((c) => c.startsWith('copy')),
        ['copy:1'],
      );
      assert.deepEqual(checkAgainstManifest(host.simDir, VM_IDS.off), []);
      const guestCopy = path.join(
        guestWindowsDir(host.simDir, VM_IDS.off),
        'System32',
        'HostDriverStore',
        'FileRepository',
        PACKAGE,
        'nvd3dumx.dll',
      );
      assert.ok(fs.readFileSync(guestCopy).equals(fs.readFileSync(hostFile)));
    });

    it('host driver update: the new package folder is copied and the old one removed from the guest; the VM drifts until the sync', async () => {
      outcome(await sync(VM_IDS.off));
      const stored = readStateFile(host.simDir)!;
      stored.host.gpus[0]!.driverPackage = UPDATED_PACKAGE;
      stored.host.gpus[0]!.driverVersion = '32.0.15.6603';
      writeStateFile(host.simDir, stored.scenario, stored.host);
      const drifting = await inventory();
      const drift = driverDrift(
        drifting.vms.find((v) => v.id === VM_IDS.off)!,
        drifting.gpus,
      );
      assert.equal(drift.kind, 'drifted');
      assert.match(drift.kind === 'drifted' ? drift.reasons[0]! : '', /host driver 32\.0\.15\.6603, guest copy 32\.0\.15\.6094/);

      const result = outcome(await sync(VM_IDS.off));
      assert.equal(result.kind, 'synced');
      if (result.kind !== 'synced') return;
      assert.deepEqual(result.stats.packagesRemoved, [PACKAGE]);
      assert.deepEqual(guestPackages(host.simDir, VM_IDS.off), [UPDATED_PACKAGE]);
      assert.deepEqual(checkAgainstManifest(host.simDir, VM_IDS.off), []);
      assert.equal(guestManifest(host.simDir, VM_IDS.off)!.gpus[0]!.driverVersion, '32.0.15.6603');
      const synced = await inventory();
      assert.equal(
        driverDrift(
          synced.vms.find((v) => v.id === VM_IDS.off)!,
          synced.gpus,
        ).kind,
        'in-sync',
      );
    });

    it('a hand-made copy of an older driver (same INF, other folder hash) is removed as stale', async () => {
      // The simulator writes a VM's starting disk content when the disk is first read, here by the sync.
      const result = outcome(await sync(VM_IDS.staleCopy));
      assert.equal(result.kind, 'synced');
      if (result.kind !== 'synced') return;
      assert.deepEqual(result.stats.packagesRemoved, ['nv_dispi.inf_amd64_0000111122223333']);
      assert.deepEqual(guestPackages(host.simDir, VM_IDS.staleCopy), [PACKAGE]);
      assert.deepEqual(checkAgainstManifest(host.simDir, VM_IDS.staleCopy), []);
    });

    it('BitLocker-locked guest volume: refused with guest-volume-locked, nothing written, the disk dismounted', async () => {
      const before = guestFiles(host.simDir, VM_IDS.locked);
      const result = await sync(VM_IDS.locked);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.id, 'guest-volume-locked');
      assert.match(result.error.message, /BitLocker/);
      assert.deepEqual(guestFiles(host.simDir, VM_IDS.locked), before);
      assert.deepEqual(mountedDisks(host.simDir, VM_IDS.locked), []);
    });

    it('several disks: the Windows volume is found on the third disk and the sync lands there', async () => {
      const probe = counted(host, offline(VM_IDS.disks));
      const result = outcome(await sync(VM_IDS.disks, offline(VM_IDS.disks), {}, probe.port));
      assert.equal(result.kind, 'synced');
      assert.deepEqual(probe.opened[0], { DiskPath: 'D:\\VMs\\Three\\os.vhdx', PartitionNumber: 3, DisksSearched: 3 });
      assert.deepEqual(checkAgainstManifest(host.simDir, VM_IDS.disks), []);
      assert.deepEqual(mountedDisks(host.simDir, VM_IDS.disks), []);
    });

    it('a running VM cannot be synced offline: vm-must-be-off, nothing mounted', async () => {
      const result = await sync(VM_IDS.running, offline(VM_IDS.running));
      assert.equal(result.ok ? 'ok' : result.error.id, 'vm-must-be-off');
      assert.deepEqual(mountedDisks(host.simDir, VM_IDS.running), []);
    });

    it('online with wrong credentials: guest-credentials-rejected, nothing written in the guest, the password in no message', async () => {
      const before = guestFiles(host.simDir, VM_IDS.running);
      const result = await sync(VM_IDS.running, online(VM_IDS.running, 'wrong-Pa55!'));
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.id, 'guest-credentials-rejected');
      assert.doesNotMatch(`${result.error.message} ${result.error.detail ?? ''}`, /wrong-Pa55!/);
      assert.deepEqual(guestFiles(host.simDir, VM_IDS.running), before);
    });

    // The guest's display devices come from the guest's WMI, which the double does not imitate.
    if (!face.realModule)
      it('online with the right credentials: synced into the running guest, whose display adapter then works', async () => {
        const display = async (): Promise<unknown> => {
          const result = await host.client.invoke('Get-GuestDisplayDevices', {
            VMId: VM_IDS.running,
            Credential: { UserName: 'tester', Password: new Secret('S3cret!') },
          });
          assert.ok(result.ok);
          return result.value.Devices.ok.map((d) => d.ConfigManagerErrorCode);
        };
        assert.ok(((await display()) as number[]).includes(43), 'code 43 before: no driver in the guest');
        const result = outcome(await sync(VM_IDS.running, online(VM_IDS.running)));
        assert.equal(result.kind, 'synced');
        assert.deepEqual(checkAgainstManifest(host.simDir, VM_IDS.running), []);
        assert.ok(!((await display()) as number[]).includes(43), 'no code 43 after the sync');
      });

    it('online host update while the guest holds the old package: the new one is put in place, the old one is kept with a note, and a later sync removes it', async () => {
      outcome(await sync(VM_IDS.running, online(VM_IDS.running)));
      const stored = readStateFile(host.simDir)!;
      stored.host.gpus[0]!.driverPackage = UPDATED_PACKAGE;
      stored.host.gpus[0]!.driverVersion = '32.0.15.6603';
      writeStateFile(host.simDir, stored.scenario, stored.host);
      // Windows refuses to rename a folder while a process has one of its DLLs loaded.
      const inner = driverSyncPort(host.client, online(VM_IDS.running));
      const locked: DriverSyncPort = {
        ...inner,
        run: async (steps) =>
          steps.some((s) => s.Op === 'Move' && s.From.endsWith(`FileRepository\\${PACKAGE}`))
            ? {
                ok: false,
                error: {
                  id: 'driver-sync-failed',
                  message: 'Step 1 failed: The process cannot access the file because it is being used by another process.',
                },
              }
            : inner.run(steps),
      };
      const notes: string[] = [];
      const result = outcome(await sync(VM_IDS.running, online(VM_IDS.running), { onNote: (n) => notes.push(n) }, locked));
      assert.equal(result.kind, 'synced');
      if (result.kind !== 'synced') return;
      assert.deepEqual(result.stats.packagesKeptInUse, [PACKAGE]);
      assert.deepEqual(result.stats.packagesRemoved, []);
      assert.deepEqual(guestPackages(host.simDir, VM_IDS.running), [UPDATED_PACKAGE, PACKAGE].sort());
      assert.deepEqual(checkAgainstManifest(host.simDir, VM_IDS.running), []);
      assert.ok(
        notes.some((n) => n.includes(PACKAGE) && /in use by the running guest/.test(n)),
        notes.join('\n'),
      );
      // After a guest restart nothing holds it: the next sync removes it (same INF, other hash).
      const later = outcome(await sync(VM_IDS.running, online(VM_IDS.running)));
      assert.equal(later.kind, 'synced');
      assert.deepEqual(guestPackages(host.simDir, VM_IDS.running), [UPDATED_PACKAGE]);
    });

    it('online with the right credentials: every package file and loose file lands in the running guest, as its manifest says', async () => {
      const result = outcome(await sync(VM_IDS.running, online(VM_IDS.running)));
      assert.equal(result.kind, 'synced');
      assert.deepEqual(guestPackages(host.simDir, VM_IDS.running), [PACKAGE]);
      assert.deepEqual(checkAgainstManifest(host.simDir, VM_IDS.running), []);
      assert.equal(workFolderExists(host.simDir, VM_IDS.running), false, 'no staging left');
    });

    it('online, the guest password crosses the wire once per sync, sealed: only Open-GuestDriverStore carries it', async () => {
      await host.dispose();
      host = await face.start({ scenario: syncScenario(), callTimeoutMs: 60_000, recordLines: true });
      outcome(await sync(VM_IDS.running, online(VM_IDS.running)));
      assert.ok(!host.sentLines.some((line) => JSON.stringify(parseCall(line)?.args).includes('S3cret!')), 'never in clear');
      const calls = host.sentLines.map((line) => parseCall(line)!).filter((call) => JSON.stringify(call.args).includes(SEALED_VERSION));
      assert.deepEqual(
        calls.map((c) => c.operation),
        ['Open-GuestDriverStore'],
      );
      assert.ok(
        host.sentLines.filter((line) => parseCall(line)?.operation === 'Copy-DriverFilesToGuest').length > 0,
        'the copies went through the opened session',
      );
    });

    it('cancel during the copy: the guest is exactly as before, no staging left, the disk dismounted; the next run syncs', async () => {
      outcome(await sync(VM_IDS.off));
      const hostRepo = path.join(host.simDir, 'disks', 'host', 'Windows', 'System32', 'DriverStore', 'FileRepository', PACKAGE);
      // Many changed files, so the copy needs several calls and the cancel lands between two of them.
      let touched = 0;
      for (const name of fs.readdirSync(hostRepo)) {
        const file = path.join(hostRepo, name);
        if (!fs.statSync(file).isFile()) continue;
        fs.appendFileSync(file, 'x');
        touched += 1;
      }
      const before = guestFiles(host.simDir, VM_IDS.off);
      const controller = new AbortController();
      let copies = 0;
      const inner = driverSyncPort(host.client, offline(VM_IDS.off));
      const port: DriverSyncPort = {
        ...inner,
        copy: async (files, bytes) => {
          copies += 1;
          const result = await inner.copy(files, bytes);
          controller.abort();
          return result;
        },
      };
      const result = outcome(await sync(VM_IDS.off, offline(VM_IDS.off), { signal: controller.signal }, port));
      assert.equal(result.kind, 'cancelled');
      assert.equal(copies, 1, `cancelled after the first of several copy calls (${touched} files changed)`);
      assert.deepEqual(guestFiles(host.simDir, VM_IDS.off), before);
      assert.equal(workFolderExists(host.simDir, VM_IDS.off), false);
      assert.deepEqual(mountedDisks(host.simDir, VM_IDS.off), []);
      assert.equal(outcome(await sync(VM_IDS.off)).kind, 'synced');
      assert.deepEqual(checkAgainstManifest(host.simDir, VM_IDS.off), []);
    });

    it('a VM without a GPU partition adapter is refused before anything runs', async () => {
      const inv = await inventory();
      const vm = { ...inv.vms.find((v) => v.id === VM_IDS.off)!, adapters: [] };
      const probe = counted(host, offline(VM_IDS.off));
      const result = await syncVmDriver(host.client, vm, inv.gpus, offline(VM_IDS.off), {}, probe.port);
      assert.equal(result.ok ? 'ok' : result.error.id, 'invalid-argument');
      assert.deepEqual(probe.calls, []);
    });
  });
