import assert from 'node:assert/strict';
import { diagnose, type GuestReading } from '../../../src/core/diagnosis/checklist';
import { normalizeGuestDisplay, rawGuestDisplay } from '../../../src/core/normalize/guestDevices';
import type { PanelModel, PanelTarget } from '../../../src/core/panel/panelModel';
import { panelModel } from '../../../src/core/panel/viewModel';
import { extensionMessage } from '../../../src/core/panel/messages';
import { FIXTURE, fixture } from '../../support/fixtures';
import { guestOf, inventoryOf, scenario, vmNamed } from './helpers';

const RTX = '\\\\?\\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV';

function model(
  inventory: Parameters<typeof panelModel>[0]['inventory'],
  focus: PanelTarget['focus'],
  guest: GuestReading = { kind: 'not-running' },
): PanelModel {
  return panelModel({ target: { hostId: 'simulated:demo', focus }, hostName: 'Demo', loading: false, error: null, inventory, guest });
}

function line(m: PanelModel, id: string) {
  const found = m.vm?.checklist.find((l) => l.id === id);
  assert.ok(found, `no checklist line ${id}`);
  return found;
}

describe('panel view model', () => {
  describe('guest display devices (fixture guest-win32-pnpentity.display.code43)', () => {
    it('reads the Virtual Render device with code 43 and the Hyper-V Video device as working', () => {
      const display = normalizeGuestDisplay(
        rawGuestDisplay.parse({ Devices: fixture(FIXTURE.guestPnp), DriverStore: 'nv_dispi.inf_amd64_4bf4c17fa8a478b5' }),
      );
      assert.equal(display.devices.length, 2);
      const [vrd, video] = display.devices;
      assert.equal(vrd!.name, 'NVIDIA GeForce RTX 3060');
      assert.equal(vrd!.problemCode, 43);
      assert.equal(vrd!.status, 'Error');
      assert.equal(vrd!.problemText, 'Windows has stopped this device because it has reported problems. (Code 43)');
      assert.equal(vrd!.virtualRender, true);
      assert.equal(vrd!.service, 'VirtualRender');
      assert.equal(video!.virtualRender, false);
      assert.equal(video!.problemCode, 0);
      assert.deepEqual(display.driverStore, ['nv_dispi.inf_amd64_4bf4c17fa8a478b5']);
    });

    it('accepts one device as an object, no device as null, and joins the guest driver records', () => {
      const one = normalizeGuestDisplay(
        rawGuestDisplay.parse({
          Devices: { Name: 'X', PNPDeviceID: 'PCI\\VEN_1414&DEV_008E&SUBSYS_00000000&REV_00\\1', ConfigManagerErrorCode: '0' },
          Drivers: [
            {
              DeviceID: 'pci\\ven_1414&dev_008e&subsys_00000000&rev_00\\1',
              DriverProviderName: 'Microsoft',
              DriverVersion: '10.0.26100.1',
              InfName: 'vrd.inf',
            },
          ],
        }),
      );
      assert.equal(one.devices[0]!.driverProvider, 'Microsoft');
      assert.equal(one.devices[0]!.infName, 'vrd.inf');
      assert.equal(one.devices[0]!.virtualRender, true);
      assert.deepEqual(normalizeGuestDisplay(rawGuestDisplay.parse({ Devices: null })).devices, []);
    });
  });

  describe('a GPU of win11-workstation (GPU-PV placeholders)', () => {
    const { inventory } = scenario('win11-workstation');
    const m = model(inventory, { kind: 'gpu', instancePath: RTX });
    const gpu = m.gpus[0]!;

    it('shows name, instance path, driver, partitions and the plain wording that the numbers are not enforced', () => {
      assert.equal(gpu.name, 'NVIDIA GeForce RTX 3060');
      assert.equal(gpu.instancePath, RTX);
      assert.equal(gpu.driverVersion, '32.0.15.6094');
      assert.equal(gpu.infName, 'oem12.inf');
      assert.equal(gpu.partitionCount, 32);
      assert.deepEqual(gpu.validPartitionCounts, [32]);
      assert.equal(gpu.partitionsInUse, 3);
      assert.match(gpu.enforcement, /placeholders the driver ignores/);
      assert.match(gpu.enforcement, /Every VM shares the whole GPU/);
      assert.deepEqual(
        gpu.holders.map((h) => `${h.vmName} ${h.vmState}`),
        ['GPU-Workstation Running', 'Grafik-Prüfstand Running', 'Render-Node Running'],
      );
    });

    it('gives exact totals (Encode 2^64-1) and each VM’s share as exact digit strings', () => {
      const encode = gpu.resources.find((r) => r.kind === 'Encode')!;
      assert.equal(encode.total, '18446744073709551615');
      assert.equal(encode.totalText, '18,446,744,073,709,551,615 (placeholder)');
      assert.equal(encode.available, null, 'GPU-PV reserves nothing: Available is not tracked');
      assert.equal(encode.availableText, 'not tracked (every VM shares the whole GPU)');
      assert.match(gpu.units, /normalised placeholders/);
      assert.match(gpu.availability, /however many VMs hold a partition/);
      const workstation = encode.shares.find((s) => s.vmName === 'GPU-Workstation')!;
      assert.equal(workstation.amount, '9223372036854775808');
      assert.equal(workstation.percent, '50%');
      assert.equal(workstation.source, 'optimal');
      const vram = gpu.resources.find((r) => r.kind === 'VRAM')!;
      assert.equal(vram.total, '1000000000');
      assert.deepEqual(
        vram.shares.map((s) => [s.vmName, s.amount, s.percent]),
        [
          ['GPU-Workstation', '500000000', '50%'],
          ['Grafik-Prüfstand', null, '—'],
          ['Render-Node', null, '—'],
        ],
      );
      assert.equal(vram.shares[1]!.amountText, 'not set (shares the whole GPU)');
    });

    it('survives the page-side schema (what the extension posts is what the page accepts)', () => {
      const parsed = extensionMessage.safeParse({ type: 'model', model: m });
      assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3)));
    });
  });

  describe('the SR-IOV GPU of server2025-sriov (enforced partitions)', () => {
    const { inventory } = scenario('server2025-sriov');
    const m = model(inventory, { kind: 'host' });

    it('says the numbers are enforced and shows each running VM’s current share exactly', () => {
      const a16 = m.gpus.find((g) => g.kind === 'sr-iov' && g.partitionsInUse > 0)!;
      assert.match(a16.enforcement, /enforced by the device/);
      assert.equal(a16.partitionCount, 16);
      assert.deepEqual(a16.validPartitionCounts, [16, 8, 4, 2, 1]);
      const vram = a16.resources.find((r) => r.kind === 'VRAM')!;
      assert.equal(vram.total, '17179869184');
      assert.equal(vram.available, '15032385536', 'two running VMs take a partition each');
      assert.equal(vram.totalText, '16 GB (17,179,869,184 bytes)');
      assert.equal(vram.availableText, '14 GB (15,032,385,536 bytes)');
      assert.equal(a16.resources.find((r) => r.kind === 'Encode')!.totalText, '16 units');
      assert.match(a16.units, /VRAM is in bytes/);
      assert.deepEqual(
        vram.shares.map((s) => [s.vmName, s.amount, s.percent, s.source]),
        [
          ['VDI-01', '1073741824', '6.3%', 'current'],
          ['VDI-02', '1073741824', '6.3%', 'current'],
          ['VDI-03', '1073741824', '6.3%', 'partition'],
        ],
      );
      const quadro = m.gpus.find((g) => g.kind === 'gpu-pv')!;
      assert.match(quadro.enforcement, /placeholders/);
    });

    it('shows an adapter’s sizes with units: placeholders on the GPU-PV Quadro', () => {
      const cad = vmNamed(inventory, 'CAD-Render');
      const vmModel = model(inventory, { kind: 'vm', vmId: cad.id }, { kind: 'not-running' }).vm!;
      const sizes = vmModel.adapters[0]!.sizes;
      assert.ok(
        sizes.every((s) => [s.min, s.max, s.optimal].every((v) => v === 'not set' || v.endsWith('(placeholder)'))),
        JSON.stringify(sizes),
      );
      const ws = scenario('win11-workstation').inventory;
      const gpuWorkstation = model(ws, { kind: 'vm', vmId: vmNamed(ws, 'GPU-Workstation').id }, { kind: 'not-running' }).vm!;
      assert.equal(gpuWorkstation.adapters[0]!.sizes.find((s) => s.kind === 'VRAM')!.max, '500,000,000 (placeholder)');
    });

    it('cannot tell the Server group policy of a GPU-PV VM, and says what to set', () => {
      const cad = vmNamed(inventory, 'CAD-Render');
      const policy = diagnose(cad, inventory, { kind: 'not-running' }).find((l) => l.id === 'host-policy')!;
      assert.equal(policy.status, 'unknown');
      assert.match(policy.reason, /RequireSecureDeviceAssignment and RequireSupportedDeviceAssignment to 0/);
      const vdi = vmNamed(inventory, 'VDI-01');
      assert.equal(diagnose(vdi, inventory, { kind: 'not-running' }).find((l) => l.id === 'host-policy')!.status, 'pass');
    });
  });

  describe('diagnosis of Grafik-Prüfstand (win11-workstation, running, high MMIO 512 MB)', () => {
    it('fails the MMIO line and the guest device line (code 43), both fixed by gpupv.setMmio', () => {
      const { model: sim, inventory } = scenario('win11-workstation');
      const vm = vmNamed(inventory, 'Grafik-Prüfstand');
      const m = model(inventory, { kind: 'vm', vmId: vm.id }, guestOf(sim, vm));
      const mmio = line(m, 'high-mmio');
      assert.equal(mmio.status, 'fail');
      assert.equal(mmio.reason, 'High MMIO space is 512 MB: below 8 GB the guest driver fails with code 43.');
      assert.equal(mmio.fix, 'gpupv.setMmio');
      const device = line(m, 'guest-device');
      assert.equal(device.status, 'fail');
      assert.match(device.reason, /\(Code 43\)/);
      assert.match(device.reason, /Likely cause: High MMIO space is 512 MB/);
      assert.equal(device.fix, 'gpupv.setMmio');
      assert.equal(m.vm!.guest.devices[0]!.problemCode, 43);
      assert.equal(m.vm!.counts.fail, 2);
      // the one primary action is the fix of the code 43; Make GPU-PV Ready is there, secondary
      assert.equal(m.vm!.primary, 'gpupv.setMmio');
      assert.deepEqual(
        m.vm!.actions.filter((a) => a.command === 'gpupv.makeReady'),
        [{ command: 'gpupv.makeReady', primary: false }],
      );
      assert.deepEqual(
        m.vm!.checklist.map((l) => l.id),
        [
          'host-elevated',
          'hyperv-present',
          'gpu-partitionable',
          'generation',
          'adapter',
          'adapter-gpu-exists',
          'high-mmio',
          'low-mmio',
          'write-combining',
          'checkpoints',
          'stop-action',
          'static-memory',
          'guest-driver-package',
          'guest-device',
          'host-policy',
        ],
      );
      // the driver line: the guest holds a package this extension never copied, so its version is unknown, not wrong
      const driver = line(m, 'guest-driver-package');
      assert.equal(driver.status, 'unknown');
      assert.equal(driver.fix, 'gpupv.syncDriver');
      assert.match(
        driver.reason,
        /^The guest’s HostDriverStore holds nv_dispi\.inf_amd64_4bf4c17fa8a478b5, which this extension did not copy: whether it is the host’s NVIDIA GeForce RTX 3060 driver 32\.0\.15\.6094 \(oem12\.inf\) cannot be told/,
      );
      assert.match(driver.reason, /over PowerShell Direct/);
    });

    it('passes the driver line once the host’s record of the last sync has the host’s version; fails it when the host driver moved on', () => {
      const synced = (version: string) =>
        scenario('win11-workstation', (state) => {
          state.vms.find((v) => v.name === 'Grafik-Prüfstand')!.driverSyncRecord = JSON.stringify({
            SyncedAt: '2026-11-30T10:00:00Z',
            Mode: 'Online',
            Gpus: [{ InstancePath: RTX, DriverVersion: version, Packages: ['nv_dispi.inf_amd64_4bf4c17fa8a478b5'] }],
          });
        }).inventory;
      const current = synced('32.0.15.6094');
      const ok = line(model(current, { kind: 'vm', vmId: vmNamed(current, 'Grafik-Prüfstand').id }), 'guest-driver-package');
      assert.equal(ok.status, 'pass');
      assert.equal(ok.fix, null);
      assert.match(
        ok.reason,
        /^The guest has the host’s NVIDIA GeForce RTX 3060 driver 32\.0\.15\.6094 \(oem12\.inf\), synced 2026-11-30 \(online\)\.$/,
      );
      const old = synced('31.0.15.5222');
      const drifted = line(model(old, { kind: 'vm', vmId: vmNamed(old, 'Grafik-Prüfstand').id }), 'guest-driver-package');
      assert.equal(drifted.status, 'fail');
      assert.equal(drifted.fix, 'gpupv.syncDriver');
      assert.match(drifted.reason, /host driver 32\.0\.15\.6094, guest copy 31\.0\.15\.5222/);
    });

    it('passes both lines once the high MMIO space is 32 GB', () => {
      const { model: sim } = scenario('win11-workstation', (state) => {
        state.vms.find((v) => v.name === 'Grafik-Prüfstand')!.highMemoryMappedIoSpace = 32n * 1024n * 1024n * 1024n;
      });
      const inventory = inventoryOf(sim);
      const vm = vmNamed(inventory, 'Grafik-Prüfstand');
      const m = model(inventory, { kind: 'vm', vmId: vm.id }, guestOf(sim, vm));
      assert.equal(line(m, 'high-mmio').status, 'pass');
      assert.equal(line(m, 'high-mmio').fix, null);
      assert.equal(line(m, 'guest-device').status, 'pass');
      assert.match(line(m, 'guest-device').reason, /NVIDIA GeForce RTX 3060: working properly/);
      assert.equal(m.vm!.guest.devices[0]!.statusText, 'Working');
    });

    it('says why the guest line is unknown: not running, or no credentials', () => {
      const { inventory } = scenario('win11-workstation');
      const vm = vmNamed(inventory, 'Grafik-Prüfstand');
      const noCreds = line(model(inventory, { kind: 'vm', vmId: vm.id }, { kind: 'no-credentials' }), 'guest-device');
      assert.equal(noCreds.status, 'unknown');
      assert.match(noCreds.reason, /no guest credentials are stored/);
      assert.equal(noCreds.fix, 'gpupv.setGuestCredentials');
      const off = vmNamed(inventory, 'Media-Encoder');
      const offLine = line(model(inventory, { kind: 'vm', vmId: off.id }, { kind: 'not-running' }), 'guest-device');
      assert.equal(offLine.status, 'unknown');
      assert.equal(offLine.reason, 'Unknown: Media-Encoder is Off; the guest’s devices can be read only while it runs.');
    });

    it('blames the unsynced driver copy when the settings are right but the guest still shows code 43, with Sync Driver as the fix', () => {
      const { model: sim, inventory } = scenario('win11-workstation');
      const vm = vmNamed(inventory, 'GPU-Workstation');
      const device = line(model(inventory, { kind: 'vm', vmId: vm.id }, guestOf(sim, vm, 'missing')), 'guest-device');
      assert.equal(device.status, 'fail');
      assert.match(device.reason, /Likely cause: The guest’s HostDriverStore holds nv_dispi\S+, which this extension did not copy/);
      assert.equal(device.fix, 'gpupv.syncDriver');
    });

    it('with an in-sync driver and right settings, code 43 still points at the guest’s copy, without a fix', () => {
      const { model: sim, inventory } = scenario('win11-workstation', (state) => {
        state.vms.find((v) => v.name === 'GPU-Workstation')!.driverSyncRecord = JSON.stringify({
          SyncedAt: '2026-11-30T10:00:00Z',
          Mode: 'Online',
          Gpus: [{ InstancePath: RTX, DriverVersion: '32.0.15.6094', Packages: ['nv_dispi.inf_amd64_4bf4c17fa8a478b5'] }],
        });
      });
      const vm = vmNamed(inventory, 'GPU-Workstation');
      const device = line(model(inventory, { kind: 'vm', vmId: vm.id }, guestOf(sim, vm, 'missing')), 'guest-device');
      assert.equal(device.status, 'fail');
      assert.match(device.reason, /driver package is probably missing or differs/);
      assert.equal(device.fix, null);
    });
  });

  describe('other demo VMs', () => {
    const { inventory } = scenario('win11-workstation');

    it('Build-Agent: every setting line fails with its own command, and no adapter offers Assign GPU', () => {
      const vm = vmNamed(inventory, 'Build-Agent');
      const m = model(inventory, { kind: 'vm', vmId: vm.id });
      assert.equal(line(m, 'adapter').fix, 'gpupv.assignGpu');
      assert.equal(line(m, 'checkpoints').fix, 'gpupv.disableCheckpoints');
      assert.equal(line(m, 'stop-action').fix, 'gpupv.setStopActionShutDown');
      assert.equal(line(m, 'static-memory').fix, 'gpupv.disableDynamicMemory');
      assert.equal(line(m, 'write-combining').fix, 'gpupv.enableWriteCombining');
      assert.equal(line(m, 'guest-device').fix, 'gpupv.startVm');
    });

    it('a host that is not elevated and not in Hyper-V Administrators fails the first line', () => {
      const vm = vmNamed(inventory, 'GPU-Workstation');
      const weak = { ...inventory, facts: { ...inventory.facts, elevated: false, hyperVAdministrator: false } };
      const first = diagnose(vm, weak, { kind: 'not-running' })[0]!;
      assert.equal(first.id, 'host-elevated');
      assert.equal(first.status, 'fail');
      assert.match(first.reason, /Hyper-V Administrators/);
    });

    it('Windows 10 laptop: the policy line explains the default GPU', () => {
      const laptop = scenario('win10-laptop').inventory;
      const vm = laptop.vms.find((v) => v.adapters.length > 0)!;
      const policy = diagnose(vm, laptop, { kind: 'not-running' }).find((l) => l.id === 'host-policy')!;
      assert.equal(policy.status, 'pass');
      assert.match(policy.reason, /Windows 10 host: Hyper-V gives a VM its default GPU only \(Intel\(R\) UHD Graphics 630\)/);
    });

    it('a focused VM that left the host says so', () => {
      const m = model(inventory, { kind: 'vm', vmId: '00000000-0000-4000-8000-000000000000' });
      assert.equal(m.vm, null);
      assert.equal(m.missing, 'This VM is no longer on the host.');
    });
  });
});
