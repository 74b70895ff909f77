/**
 * The panel never contradicts itself: a line's status and its words come from the same facts, and
 * the summary is counted from the lines.
 */
import assert from 'node:assert/strict';
import type { GuestReading } from '../../../src/core/diagnosis/checklist';
import type { HostInventory } from '../../../src/core/model';
import { panelModel, type VmView } from '../../../src/core/panel/viewModel';
import type { HostState } from '../../../src/simulator/hyperv/state';
import type { BuiltInScenarioName } from '../../../src/simulator/scenarios/builtIn';
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

describe('panel view model: the page agrees with itself', () => {
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
});
