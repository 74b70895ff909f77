/**
 * The panel never contradicts itself or the tree: a line's status and its words come from the same
 * facts, the summary is counted from the lines, the driver table compares the guest's copy (not the
 * Virtual Render driver) with the host's driver, the primary button follows the VM's state, and the
 * VM's status line is the tree's description.
 */
import assert from 'node:assert/strict';
import type { GuestReading } from '../../../src/core/diagnosis/checklist';
import type { HostInventory } from '../../../src/core/model';
import { normalizeGuestDisplay, rawGuestDisplay } from '../../../src/core/normalize/guestDevices';
import type { VmView } from '../../../src/core/panel/panelModel';
import { panelModel } from '../../../src/core/panel/viewModel';
import { readinessText } from '../../../src/core/rules/requirements';
import type { HostState } from '../../../src/simulator/hyperv/state';
import type { BuiltInScenarioName } from '../../../src/simulator/scenarios/builtIn';
import { vmStatusText } from '../../../src/core/vmStatus';
import { guestOf, inventoryOf, RTX_PACKAGE, scenario, vmNamed } from './helpers';

const RTX = '\\\\?\\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV';
const SCENARIOS: readonly BuiltInScenarioName[] = ['win11-workstation', 'win10-laptop', 'server2025-sriov'];
const GIB32 = 32n * 1024n * 1024n * 1024n;

function vmPage(inventory: HostInventory, name: string, guest: GuestReading = { kind: 'not-running' }): VmView {
  const vmId = vmNamed(inventory, name).id;
  const m = panelModel({
    target: { hostId: 'h', focus: { kind: 'vm', vmId } },
    hostName: 'h',
    loading: false,
    error: null,
    inventory,
    guest,
  });
  assert.ok(m.vm, `no VM page for ${name}`);
  return m.vm;
}

function lineOf(vm: VmView, id: string) {
  const found = vm.checklist.find((l) => l.id === id);
  assert.ok(found, `no line ${id}`);
  return found;
}

/** Grafik-Prüfstand after the code-43 fix: high MMIO 32 GB, so the simulated guest's device works; `adjust` changes more. */
function fixedGrafik(adjust: (state: HostState) => void = () => undefined) {
  const { model } = scenario('win11-workstation', (state) => {
    state.vms.find((v) => v.name === 'Grafik-Prüfstand')!.highMemoryMappedIoSpace = GIB32;
    adjust(state);
  });
  const inventory = inventoryOf(model);
  return { model, inventory, vm: vmNamed(inventory, 'Grafik-Prüfstand') };
}

function syncRecord(version: string): string {
  return JSON.stringify({
    SyncedAt: '2026-11-30T10:00:00Z',
    Mode: 'Online',
    Gpus: [{ InstancePath: RTX, DriverVersion: version, Packages: [RTX_PACKAGE] }],
  });
}

/** Every VM page of every demo scenario, the guest not read (the only reading every VM can have). */
function everyVmPage(): { scenario: string; inventory: HostInventory; page: VmView }[] {
  return SCENARIOS.flatMap((name) => {
    const { inventory } = scenario(name);
    return inventory.vms.map((vm) => ({ scenario: name, inventory, page: vmPage(inventory, vm.name) }));
  });
}

describe('panel view model: the page agrees with itself and with the tree', () => {
  describe('the guest driver line: status and words from the same facts', () => {
    it('a guest whose HostDriverStore holds the package but was never synced is unknown, not failed', () => {
      const { model, inventory, vm } = fixedGrafik();
      const driver = lineOf(vmPage(inventory, vm.name, guestOf(model, vm)), 'guest-driver-package');
      assert.equal(driver.status, 'unknown');
      assert.match(driver.reason, /HostDriverStore holds nv_dispi\.inf_amd64_4bf4c17fa8a478b5, which this extension did not copy/);
      assert.equal(driver.fix, 'gpupv.syncDriver');
    });

    it('fails when the guest was read and its HostDriverStore holds no package, and says so', () => {
      const { model, inventory, vm } = fixedGrafik();
      const driver = lineOf(vmPage(inventory, vm.name, guestOf(model, vm, 'missing', [])), 'guest-driver-package');
      assert.equal(driver.status, 'fail');
      assert.match(driver.reason, /^The guest’s HostDriverStore holds no driver package, so the guest cannot load the host’s NVIDIA/);
    });

    it('is unknown, naming the missing sync, while the guest is not read and nothing was synced', () => {
      const { inventory, vm } = fixedGrafik();
      const driver = lineOf(vmPage(inventory, vm.name, { kind: 'no-credentials' }), 'guest-driver-package');
      assert.equal(driver.status, 'unknown');
      assert.match(
        driver.reason,
        /never synced the host’s NVIDIA GeForce RTX 3060 driver 32\.0\.15\.6094 .* unknown until the guest is read/,
      );
    });

    it('passes after a sync of the host’s version while the guest holds its package; fails, naming it, when the guest lacks it', () => {
      const { model, inventory, vm } = fixedGrafik((state) => {
        state.vms.find((v) => v.name === 'Grafik-Prüfstand')!.driverSyncRecord = syncRecord('32.0.15.6094');
      });
      const held = lineOf(vmPage(inventory, vm.name, guestOf(model, vm)), 'guest-driver-package');
      assert.equal(held.status, 'pass');
      assert.equal(held.fix, null);
      assert.match(held.reason, /synced 2026-11-30 \(online\)\. The guest’s HostDriverStore holds nv_dispi/);
      const lost = lineOf(vmPage(inventory, vm.name, guestOf(model, vm, 'missing', ['other.inf_amd64_0'])), 'guest-driver-package');
      assert.equal(lost.status, 'fail');
      assert.match(lost.reason, /but the guest’s HostDriverStore lacks nv_dispi\.inf_amd64_4bf4c17fa8a478b5/);
      assert.equal(lost.fix, 'gpupv.syncDriver');
    });

    it('fails when the synced copy is older than the host’s driver, with both versions', () => {
      const { model, inventory, vm } = fixedGrafik((state) => {
        state.vms.find((v) => v.name === 'Grafik-Prüfstand')!.driverSyncRecord = syncRecord('31.0.15.5222');
      });
      const driver = lineOf(vmPage(inventory, vm.name, guestOf(model, vm)), 'guest-driver-package');
      assert.equal(driver.status, 'fail');
      assert.match(driver.reason, /host driver 32\.0\.15\.6094, guest copy 31\.0\.15\.5222/);
    });
  });

  describe('the summary is counted from the lines', () => {
    it('after the code-43 fix: no failing line, so no problem count', () => {
      const { model, inventory, vm } = fixedGrafik();
      const page = vmPage(inventory, vm.name, guestOf(model, vm));
      assert.deepEqual(
        page.checklist.filter((l) => l.status === 'fail').map((l) => l.id),
        [],
      );
      assert.doesNotMatch(page.summary, /\d+ problem/);
      assert.match(page.summary, /^No problem found/);
    });

    it('on every demo VM, read or not, the counts are the lines’ and the summary names a problem count only when a line fails', () => {
      const readings = (inventory: HostInventory, model: ReturnType<typeof scenario>['model'], name: string): GuestReading[] => {
        const vm = vmNamed(inventory, name);
        const state = model.state.vms.find((v) => v.vmId === vm.id);
        const guests: GuestReading[] = [{ kind: 'not-running' }, { kind: 'no-credentials' }, { kind: 'failed', message: 'refused' }];
        return state?.guest && vm.state === 'Running' ? [...guests, guestOf(model, vm), guestOf(model, vm, 'missing', [])] : guests;
      };
      let pages = 0;
      for (const name of SCENARIOS) {
        const { model, inventory } = scenario(name);
        for (const vm of inventory.vms) {
          for (const guest of readings(inventory, model, vm.name)) {
            const page = vmPage(inventory, vm.name, guest);
            const count = (status: string) => page.checklist.filter((l) => l.status === status).length;
            assert.deepEqual(page.counts, { pass: count('pass'), fail: count('fail'), unknown: count('unknown') }, vm.name);
            if (count('fail') > 0) assert.match(page.summary, new RegExp(`^${count('fail')} problem`), vm.name);
            else assert.doesNotMatch(page.summary, /\d+ problem/, vm.name);
            pages++;
          }
        }
      }
      assert.ok(pages > 40, `only ${pages} pages checked`);
    });
  });

  describe('the driver table compares the guest’s copy with the host’s driver, not the Virtual Render driver', () => {
    it('labels the guest’s display driver as the Virtual Render driver, expected, and the copy as of unknown version', () => {
      const { model, inventory, vm } = fixedGrafik();
      const rows = vmPage(inventory, vm.name, guestOf(model, vm)).drivers;
      assert.deepEqual(
        rows.map((r) => r.where),
        ['Host GPU driver', 'Guest’s copy (HostDriverStore)', 'Guest’s display driver'],
      );
      assert.equal(rows[0]!.driver, 'NVIDIA GeForce RTX 3060: 32.0.15.6094 (NVIDIA), oem12.inf');
      assert.equal(rows[1]!.driver, RTX_PACKAGE);
      assert.equal(rows[1]!.note, 'version unknown: never synced by this extension');
      assert.equal(rows[2]!.driver, 'Microsoft Virtual Render driver 10.0.26100.1 (vrd.inf)');
      assert.match(rows[2]!.note, /^expected: every GPU-PV guest shows it/);
    });

    it('compares the synced copy’s version with the host’s: the same, or older', () => {
      const same = fixedGrafik((state) => {
        state.vms.find((v) => v.name === 'Grafik-Prüfstand')!.driverSyncRecord = syncRecord('32.0.15.6094');
      });
      const sameRow = vmPage(same.inventory, same.vm.name, guestOf(same.model, same.vm)).drivers[1]!;
      assert.equal(sameRow.driver, `32.0.15.6094: ${RTX_PACKAGE}`);
      assert.equal(sameRow.note, 'the host’s version, synced 2026-11-30 (online)');
      const old = fixedGrafik((state) => {
        state.vms.find((v) => v.name === 'Grafik-Prüfstand')!.driverSyncRecord = syncRecord('31.0.15.5222');
      });
      const oldRow = vmPage(old.inventory, old.vm.name, guestOf(old.model, old.vm)).drivers[1]!;
      assert.equal(oldRow.driver, '31.0.15.5222');
      assert.match(
        oldRow.note,
        /^differs from the host’s \(NVIDIA GeForce RTX 3060: host driver 32\.0\.15\.6094, guest copy 31\.0\.15\.5222\)/,
      );
    });

    it('an SR-IOV partition has no HostDriverStore copy to compare', () => {
      const { inventory } = scenario('server2025-sriov');
      const rows = vmPage(inventory, 'VDI-01').drivers;
      assert.equal(rows[1]!.driver, 'not used');
      assert.match(rows[1]!.note, /vendor’s driver installed in the guest/);
    });
  });

  describe('the primary action follows the state', () => {
    it('code 43 from the MMIO space: the MMIO fix is primary, Make GPU-PV Ready secondary', () => {
      const { model, inventory } = scenario('win11-workstation');
      const vm = vmNamed(inventory, 'Grafik-Prüfstand');
      const page = vmPage(inventory, vm.name, guestOf(model, vm));
      assert.equal(page.primary, 'gpupv.setMmio');
      assert.deepEqual(
        page.actions.filter((a) => a.primary).map((a) => a.command),
        [],
      );
      assert.ok(page.actions.some((a) => a.command === 'gpupv.makeReady'));
    });

    it('code 43 from the guest’s stale copy (Render-Node): Sync Driver is primary', () => {
      const { model, inventory } = scenario('win11-workstation');
      const vm = vmNamed(inventory, 'Render-Node');
      const page = vmPage(inventory, vm.name, guestOf(model, vm, 'missing'));
      assert.equal(lineOf(page, 'guest-device').status, 'fail');
      assert.equal(page.primary, 'gpupv.syncDriver');
    });

    it('ready and working: no primary button and no readiness button', () => {
      const { model, inventory, vm } = fixedGrafik();
      const page = vmPage(inventory, vm.name, guestOf(model, vm));
      assert.equal(page.primary, null);
      assert.deepEqual(
        page.actions.map((a) => [a.command, a.primary]),
        [
          ['gpupv.shutDownVm', false],
          ['gpupv.assignGpu', false],
          ['gpupv.setGuestCredentials', false],
        ],
      );
    });

    it('no partition: Assign GPU Partition… is primary; settings that fail without a guest problem: Make GPU-PV Ready… is', () => {
      const { inventory } = scenario('win11-workstation');
      assert.equal(vmPage(inventory, 'Build-Agent').primary, 'gpupv.assignGpu');
      const checkpoints = scenario('win11-workstation', (state) => {
        state.vms.find((v) => v.name === 'Media-Encoder')!.checkpointType = 'Standard';
      }).inventory;
      const page = vmPage(checkpoints, 'Media-Encoder');
      assert.equal(page.primary, 'gpupv.makeReady');
      assert.deepEqual(
        page.actions.filter((a) => a.primary).map((a) => a.command),
        ['gpupv.makeReady'],
      );
    });
  });

  describe('the panel and the tree say the same about a VM', () => {
    it('on every demo VM: the status line is the tree’s description, and “ready” means no setting fails and no readiness button', () => {
      for (const { scenario: name, inventory, page } of everyVmPage()) {
        const vm = vmNamed(inventory, page.name);
        const where = `${name}/${page.name}`;
        assert.equal(page.status, vmStatusText(vm, inventory), where);
        const readiness = readinessText(vm, inventory);
        assert.ok(page.status.startsWith(`${vm.state} · ${readiness}`), where);
        const settingsFailing = page.settings.filter((s) => s.status === 'fail').map((s) => s.id);
        if (readiness === 'GPU-PV ready') {
          assert.deepEqual(settingsFailing, [], where);
          assert.ok(!page.actions.some((a) => a.command === 'gpupv.makeReady'), where);
          assert.notEqual(page.primary, 'gpupv.makeReady', where);
        }
        // every setting the tree says the VM needs fails in the panel's checklist too
        const needs = readiness.startsWith('needs ') ? readiness.slice('needs '.length).split(', ') : [];
        for (const title of needs) {
          assert.ok(
            page.checklist.some((l) => l.status === 'fail' && l.title.startsWith(title)),
            `${where}: the tree says it needs ${title}`,
          );
        }
      }
    });

    it('the devices table calls a device working exactly when the device line passes it', () => {
      const { model, inventory } = scenario('win11-workstation');
      for (const name of ['GPU-Workstation', 'Grafik-Prüfstand', 'Render-Node']) {
        const vm = vmNamed(inventory, name);
        for (const guest of [guestOf(model, vm), guestOf(model, vm, 'missing')]) {
          const page = vmPage(inventory, name, guest);
          const gpuRows = page.guest.devices.filter((d) => d.virtualRender);
          assert.ok(gpuRows.length > 0, name);
          assert.equal(
            lineOf(page, 'guest-device').status === 'pass',
            gpuRows.every((d) => d.healthy),
            name,
          );
          for (const d of gpuRows) assert.equal(d.statusText === 'Working', d.healthy, name);
        }
      }
      // a device Windows no longer sees, without a problem code: not "Working" while the line fails it
      const { inventory: fixed, vm } = fixedGrafik();
      const gone = normalizeGuestDisplay(
        rawGuestDisplay.parse({
          Devices: [{ Name: 'NVIDIA GeForce RTX 3060', PNPDeviceID: 'PCI\\VEN_1414&DEV_008E&SUBSYS_00000000&REV_00\\1', Present: false }],
          DriverStore: [RTX_PACKAGE],
        }),
      );
      const page = vmPage(fixed, vm.name, { kind: 'read', display: gone });
      assert.equal(lineOf(page, 'guest-device').status, 'fail');
      assert.deepEqual(
        page.guest.devices.map((d) => [d.statusText, d.healthy]),
        [['Not present', false]],
      );
    });
  });
});
