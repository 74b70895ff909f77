import assert from 'node:assert/strict';
import { appendFileSync, cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GIB } from '../../../src/core/model';
import { DiskDriverStore } from '../../../src/simulator/disks/diskDriverStore';
import { ensureGuestDisk } from '../../../src/simulator/disks/guestCopies';
import { initialiseDisks } from '../../../src/simulator/disks/initialiseDisks';
import { guestHostDriverStoreDir, hostDriverStoreDir } from '../../../src/simulator/disks/layout';
import type { GuestDisplayDevice } from '../../../src/simulator/hyperv/guestDisplay';
import type { HyperVModel, ModelResult } from '../../../src/simulator/hyperv/model';
import { removeTempDirs, scenarioModel, tempDir, vmByName } from './helpers';

const RTX_PACKAGE = 'nv_dispi.inf_amd64_4bf4c17fa8a478b5';

function devicesOf(result: ModelResult<readonly GuestDisplayDevice[]>): readonly GuestDisplayDevice[] {
  if (!result.ok) assert.fail(`expected devices, got: ${result.error.message}`);
  return result.value;
}

/** The win11 scenario with its disks on a real directory. */
function withDisks(adjust?: Parameters<typeof scenarioModel>[1]): { model: HyperVModel; dir: string; store: DiskDriverStore } {
  const model = scenarioModel('win11-workstation', adjust);
  const dir = tempDir();
  initialiseDisks(dir, model.state);
  return { model, dir, store: new DiskDriverStore(dir) };
}

function guestDevices(env: ReturnType<typeof withDisks>, vmName: string) {
  const vm = vmByName(env.model, vmName);
  return devicesOf(env.model.guestDisplayDevices(vm.vmId, { user: vm.guest!.user, password: vm.guest!.password }, env.store));
}

describe('simulator model: guest display devices', function () {
  // Removing the generated driver packages (tens of MB) can take seconds on a busy machine.
  this.timeout(30_000);
  after(removeTempDirs);

  it('a fully configured GPU-PV VM shows the host GPU under VirtualRender with status OK, plus Hyper-V Video', () => {
    const devices = guestDevices(withDisks(), 'GPU-Workstation');
    assert.equal(devices.length, 2);
    const [render, video] = devices;
    assert.equal(render!.Name, 'NVIDIA GeForce RTX 3060');
    assert.equal(render!.Service, 'VirtualRender');
    assert.equal(render!.Status, 'OK');
    assert.equal(render!.ConfigManagerErrorCode, 0);
    assert.match(render!.PNPDeviceID, /^PCI\\VEN_1414&DEV_008E&SUBSYS_00000000&REV_00\\/);
    assert.equal(video!.Name, 'Microsoft Hyper-V Video');
    assert.equal(video!.Status, 'OK');
  });

  it('a running VM without adapter shows only Microsoft Hyper-V Video', () => {
    const env = withDisks((state) => {
      state.vms.find((vm) => vm.name === 'Build-Agent')!.state = 'Running';
    });
    assert.deepEqual(
      guestDevices(env, 'Build-Agent').map((d) => d.Name),
      ['Microsoft Hyper-V Video'],
    );
  });

  it('code 43 when high MMIO is under 8 GB (the 512 MB VM of the scenario)', () => {
    const [render] = guestDevices(withDisks(), 'Grafik-Prüfstand');
    assert.equal(render!.Status, 'Error');
    assert.equal(render!.ConfigManagerErrorCode, 43);
  });

  it('code 43 when write-combining (GuestControlledCacheTypes) is off, everything else right', () => {
    const env = withDisks((state) => {
      state.vms.find((vm) => vm.name === 'GPU-Workstation')!.guestControlledCacheTypes = false;
    });
    assert.equal(guestDevices(env, 'GPU-Workstation')[0]!.ConfigManagerErrorCode, 43);
  });

  it('exactly 8 GB of high MMIO is enough', () => {
    const env = withDisks((state) => {
      state.vms.find((vm) => vm.name === 'GPU-Workstation')!.highMemoryMappedIoSpace = 8n * GIB;
    });
    assert.equal(guestDevices(env, 'GPU-Workstation')[0]!.ConfigManagerErrorCode, 0);
  });

  it('code 43 when the driver package is missing from the guest HostDriverStore, OK once the real bytes are copied', () => {
    const env = withDisks();
    const vm = vmByName(env.model, 'GPU-Workstation');
    ensureGuestDisk(env.dir, vm.vmId);
    const guestPackage = join(guestHostDriverStoreDir(env.dir, vm.vmId), RTX_PACKAGE);
    rmSync(guestPackage, { recursive: true });
    assert.equal(guestDevices(env, 'GPU-Workstation')[0]!.ConfigManagerErrorCode, 43);
    cpSync(join(hostDriverStoreDir(env.dir), RTX_PACKAGE), guestPackage, { recursive: true });
    assert.equal(guestDevices(env, 'GPU-Workstation')[0]!.ConfigManagerErrorCode, 0);
  });

  it('code 43 when the guest copy differs in bytes (a stale package after a host driver update)', () => {
    const env = withDisks();
    assert.equal(guestDevices(env, 'Render-Node')[0]!.ConfigManagerErrorCode, 43, 'the scenario ships a stale copy');
    const vm = vmByName(env.model, 'GPU-Workstation');
    ensureGuestDisk(env.dir, vm.vmId);
    const guestPackage = join(guestHostDriverStoreDir(env.dir, vm.vmId), RTX_PACKAGE);
    const firstFile = readdirSync(guestPackage, { withFileTypes: true }).find((e) => e.isFile())!.name;
    appendFileSync(join(guestPackage, firstFile), 'x');
    assert.equal(guestDevices(env, 'GPU-Workstation')[0]!.ConfigManagerErrorCode, 43);
  });

  it('code 43 when the guest copy lacks one file of the package', () => {
    const env = withDisks();
    const vm = vmByName(env.model, 'GPU-Workstation');
    ensureGuestDisk(env.dir, vm.vmId);
    rmSync(join(guestHostDriverStoreDir(env.dir, vm.vmId), RTX_PACKAGE, 'nvldumdx.dll'));
    assert.equal(guestDevices(env, 'GPU-Workstation')[0]!.ConfigManagerErrorCode, 43);
  });

  it('an SR-IOV partition shows the vendor device and is OK without a HostDriverStore copy', () => {
    const model = scenarioModel('server2025-sriov');
    const dir = tempDir();
    initialiseDisks(dir, model.state);
    const vm = vmByName(model, 'VDI-01');
    const devices = devicesOf(model.guestDisplayDevices(vm.vmId, { user: 'administrator', password: 'S3rver!' }, new DiskDriverStore(dir)));
    assert.equal(devices[0]!.Name, 'NVIDIA A16');
    assert.equal(devices[0]!.Service, 'nvlddmkm');
    assert.equal(devices[0]!.Status, 'OK');
    assert.match(devices[0]!.PNPDeviceID, /^PCI\\VEN_10DE&DEV_25B6&SUBSYS_14A910DE&REV_A1\\/);
  });

  it('is refused while the VM is not running', () => {
    const env = withDisks();
    const vm = vmByName(env.model, 'Media-Encoder');
    const result = env.model.guestDisplayDevices(vm.vmId, { user: 'media', password: 'gpupv' }, env.store);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.message, "The virtual machine 'Media-Encoder' is not in running state.");
  });

  it('is refused with wrong guest credentials', () => {
    const env = withDisks();
    const vm = vmByName(env.model, 'GPU-Workstation');
    const result = env.model.guestDisplayDevices(vm.vmId, { user: 'dev', password: 'wrong' }, env.store);
    assert.equal(!result.ok && result.error.message, 'The credential is invalid.');
  });
});
