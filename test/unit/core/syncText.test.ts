// The UI's words for a driver sync: which way a VM can be synced, the outcome message, and
// the drift marks of the tree (description suffix, the "Guest driver" row, the +drift flag, tooltip).
import assert from 'node:assert/strict';
import type { DriverSyncOutcome, DriverSyncStats } from '../../../src/core/drivers/sync/runDriverSync';
import { describeOutcome, driftView, syncedDay, syncModeFor } from '../../../src/core/drivers/sync/syncText';
import type { VirtualMachine } from '../../../src/core/model';
import type { DriverSyncRecord } from '../../../src/core/normalize/driverSync';
import { scenario, vmNamed } from '../panel/helpers';

const INTEL = '\\\\?\\PCI#VEN_8086&DEV_4680&SUBSYS_7D251462&REV_0C#3&11583659&0&10#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV';

const STATS: DriverSyncStats = {
  filesCopied: 339,
  bytesCopied: 22_738_916n,
  filesLinked: 0,
  packagesWritten: ['iigd_dch.inf_amd64_3f1b0ea4c6b0d4d1'],
  packagesRemoved: [],
  packagesUnchanged: [],
  looseFilesCopied: 2,
  skipped: [],
  packagesKeptInUse: [],
};

function record(version: string, syncedAt = '2026-11-30T17:44:30.404Z', mode: 'Offline' | 'Online' = 'Offline'): DriverSyncRecord {
  return {
    SyncedAt: syncedAt,
    Mode: mode,
    Gpus: [{ InstancePath: INTEL, DriverVersion: version, Packages: ['iigd_dch.inf_amd64_3f1b0ea4c6b0d4d1'] }],
  };
}

describe('driver sync texts', () => {
  describe('syncModeFor: the VM state decides, the extension never starts or stops it', () => {
    it('Off is offline, Running is online', () => {
      assert.deepEqual(syncModeFor('Media-Encoder', 'Off'), { kind: 'offline' });
      assert.deepEqual(syncModeFor('Render-Node', 'Running'), { kind: 'online' });
    });

    it('Saved is refused with the fix: start it (then sync online, or shut down and sync offline)', () => {
      const mode = syncModeFor('Sandbox-Saved', 'Saved');
      assert.equal(mode.kind, 'refused');
      assert.ok(mode.kind === 'refused');
      assert.equal(mode.fix, 'start');
      assert.match(mode.message, /^Sandbox-Saved is Saved\. A driver sync needs the VM Off .* or Running .*Start it/);
    });

    it('Paused and the passing states are refused with what to do, without a button', () => {
      const paused = syncModeFor('X', 'Paused');
      assert.ok(paused.kind === 'refused');
      assert.equal(paused.fix, 'none');
      assert.match(paused.message, /Resume-VM/);
      const starting = syncModeFor('X', 'Starting');
      assert.ok(starting.kind === 'refused');
      assert.match(starting.message, /Wait until it is Running or Off/);
    });
  });

  describe('describeOutcome', () => {
    it('synced: files, size, VM, seconds and the driver version', () => {
      const outcome: DriverSyncOutcome = { kind: 'synced', recovered: false, stats: STATS, record: record('32.0.101.6078') };
      assert.equal(
        describeOutcome(outcome, 'Media-Encoder', 2345),
        'Synced 339 files (21.6 MB) into Media-Encoder in 2.3 s. Driver 32.0.101.6078.',
      );
    });

    it('synced after an update: kept files, the stale package removed, skipped files, the undone earlier sync', () => {
      const outcome: DriverSyncOutcome = {
        kind: 'synced',
        recovered: true,
        stats: {
          ...STATS,
          filesCopied: 1,
          bytesCopied: 512n,
          filesLinked: 338,
          packagesRemoved: ['iigd_dch.inf_amd64_0000000000000001'],
          skipped: ['C:\\Drivers\\x.dll: outside the Windows folder, not copied'],
        },
        record: record('32.0.101.7000'),
      };
      assert.equal(
        describeOutcome(outcome, 'VM', 61_000),
        'Synced 1 file (512 B) into VM in 61 s, kept 338 unchanged files; removed stale package ' +
          'iigd_dch.inf_amd64_0000000000000001. Driver 32.0.101.7000. 1 file not copied (see the log). An interrupted ' +
          'earlier sync was undone first.',
      );
    });

    it('in sync and cancelled', () => {
      assert.equal(
        describeOutcome(
          { kind: 'in-sync', recovered: false, stats: { ...STATS, filesCopied: 0, bytesCopied: 0n }, record: record('32.0.101.6078') },
          'Media-Encoder',
          300,
        ),
        "Already in sync: Media-Encoder has the host's driver (32.0.101.6078); nothing was copied.",
      );
      assert.equal(describeOutcome({ kind: 'cancelled', recovered: false }, 'VM', 1000), 'Cancelled: the guest is as it was.');
      assert.equal(
        describeOutcome({ kind: 'cancelled', recovered: true }, 'VM', 1000),
        'Cancelled: the guest is as it was. An interrupted earlier sync was undone first.',
      );
    });
  });

  describe('driftView: the tree’s drift marks', () => {
    const { inventory } = scenario('win11-workstation');
    const media = vmNamed(inventory, 'Media-Encoder');
    const withRecord = (vm: VirtualMachine, r: DriverSyncRecord | null): VirtualMachine => ({ ...vm, driverSync: r });

    it('never synced: "driver not synced", a warning row that syncs on click, the +drift flag', () => {
      const view = driftView(media, inventory.gpus);
      assert.equal(view.drift.kind, 'never-synced');
      assert.equal(view.suffix, 'driver not synced');
      assert.equal(view.needsSync, true);
      assert.deepEqual(view.row, {
        label: 'Guest driver: not synced',
        description: 'host has 32.0.101.6078; click to sync',
        warning: true,
      });
      assert.match(view.tooltip[0]!, /never synced by this extension \(host driver 32\.0\.101\.6078\)/);
    });

    it('in sync: no suffix and no flag; the row says the version and the day', () => {
      const view = driftView(withRecord(media, record('32.0.101.6078')), inventory.gpus);
      assert.equal(view.drift.kind, 'in-sync');
      assert.equal(view.suffix, null);
      assert.equal(view.needsSync, false);
      assert.deepEqual(view.row, { label: 'Guest driver: 32.0.101.6078', description: 'synced 2026-11-30, offline', warning: false });
    });

    it('drifted after a host driver update: "driver drifting", the reason in the row and the tooltip', () => {
      const view = driftView(withRecord(media, record('31.0.101.5522', '2026-10-01T08:00:00Z', 'Online')), inventory.gpus);
      assert.equal(view.drift.kind, 'drifted');
      assert.equal(view.suffix, 'driver drifting');
      assert.equal(view.needsSync, true);
      assert.equal(view.row?.label, 'Guest driver differs from host');
      assert.equal(view.row?.description, 'Intel(R) UHD Graphics 770: host driver 32.0.101.6078, guest copy 31.0.101.5522; click to sync');
      assert.deepEqual(view.tooltip, [
        'Guest driver differs from the host (synced 2026-10-01):',
        '• Intel(R) UHD Graphics 770: host driver 32.0.101.6078, guest copy 31.0.101.5522',
      ]);
    });

    it('no GPU partition: nothing to show', () => {
      const view = driftView(vmNamed(inventory, 'Build-Agent'), inventory.gpus);
      assert.equal(view.drift.kind, 'no-gpu');
      assert.equal(view.row, null);
      assert.equal(view.suffix, null);
      assert.equal(view.needsSync, false);
      assert.deepEqual(view.tooltip, []);
    });

    it('an SR-IOV partition only: no mark (the guest uses the vendor’s own driver)', () => {
      const server = scenario('server2025-sriov').inventory;
      const srIov = server.vms.find(
        (vm) => vm.adapters.length > 0 && server.gpus.find((g) => g.instancePath === vm.adapters[0]!.instancePath)?.kind === 'sr-iov',
      );
      assert.ok(srIov, 'the server scenario has a VM on the SR-IOV GPU');
      const view = driftView(srIov, server.gpus);
      assert.equal(view.applies, false);
      assert.equal(view.needsSync, false);
      assert.equal(view.row, null);
      assert.match(view.tooltip[0]!, /SR-IOV/);
    });

    it('syncedDay keeps the calendar day of an ISO time', () => {
      assert.equal(syncedDay('2026-11-30T23:59:59.999Z'), '2026-11-30');
      assert.equal(syncedDay('yesterday'), 'yesterday');
    });
  });
});
