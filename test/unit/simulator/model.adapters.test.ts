import assert from 'node:assert/strict';
import type { HyperVModel, ModelResult } from '../../../src/simulator/hyperv/model';
import { inventoryOf } from '../panel/helpers';
import { scenarioModel, vmByName } from './helpers';

function refused<T>(result: ModelResult<T>) {
  assert.equal(result.ok, false, 'expected Hyper-V to refuse');
  return (result as Extract<ModelResult<T>, { ok: false }>).error;
}

function accepted<T>(result: ModelResult<T>): T {
  if (!result.ok) assert.fail(`expected success, got: ${result.error.message}`);
  return result.value;
}

/** Deep copy (bigint-aware) to prove a refusal changed nothing. */
function snapshot(model: HyperVModel): unknown {
  return structuredClone(model.state);
}

describe('simulator model: GPU partition adapters', () => {
  describe('addAdapter', () => {
    it('adds an adapter pinned to the requested GPU on an Off VM, with an id Microsoft:<VMID>\\<GUID> in upper case', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Build-Agent');
      const intel = model.state.gpus[1]!;
      const adapter = accepted(
        model.addAdapter(vm.vmId, { instancePath: intel.instancePath }, () => 'a1b2c3d4-0000-4000-8000-00000000abcd'),
      );
      assert.equal(adapter.id, `Microsoft:${vm.vmId.toUpperCase()}\\A1B2C3D4-0000-4000-8000-00000000ABCD`);
      assert.equal(adapter.instancePath, intel.instancePath);
      assert.equal(adapter.partitionId, null);
      assert.equal(adapter.settings.MinPartitionVRAM, null);
      assert.deepEqual(vm.adapters, [adapter]);
    });

    it('takes the first GPU when no instance path is given (Windows 11 reports which one)', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Build-Agent');
      const adapter = accepted(model.addAdapter(vm.vmId));
      assert.equal(adapter.instancePath, model.state.gpus[0]!.instancePath);
    });

    it('stores the given sizes and leaves the others unset', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Build-Agent');
      const adapter = accepted(
        model.addAdapter(vm.vmId, { settings: { MaxPartitionEncode: (1n << 64n) - 1n, MinPartitionVRAM: 80_000_000n } }),
      );
      assert.equal(adapter.settings.MaxPartitionEncode, 18446744073709551615n);
      assert.equal(adapter.settings.MinPartitionVRAM, 80_000_000n);
      assert.equal(adapter.settings.OptimalPartitionCompute, null);
    });

    it('refuses while the VM is Running, with the state text and id vm-must-be-off, and changes nothing', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'GPU-Workstation');
      const before = snapshot(model);
      const error = refused(model.addAdapter(vm.vmId));
      assert.equal(error.id, 'vm-must-be-off');
      assert.equal(error.message, 'The operation cannot be performed while the virtual machine is in its current state.');
      assert.deepEqual(snapshot(model), before);
    });

    it('refuses -InstancePath on a Windows 10 host with the parameter binder text', () => {
      const model = scenarioModel('win10-laptop', (state) => {
        state.vms[0]!.state = 'Off';
      });
      const vm = model.state.vms[0]!;
      const before = snapshot(model);
      const error = refused(model.addAdapter(vm.vmId, { instancePath: model.state.gpus[1]!.instancePath }));
      assert.equal(error.message, "A parameter cannot be found that matches parameter name 'InstancePath'.");
      assert.equal(error.id, 'hyperv-error');
      assert.match(error.fullyQualifiedErrorId, /^NamedParameterNotFound,/);
      assert.deepEqual(snapshot(model), before);
    });

    it('on Windows 10 adds on the default GPU without reporting an instance path', () => {
      const model = scenarioModel('win10-laptop', (state) => {
        state.vms[0]!.state = 'Off';
      });
      const vm = model.state.vms[0]!;
      const adapter = accepted(model.addAdapter(vm.vmId));
      assert.equal(adapter.instancePath, null);
      assert.equal(model.gpuOf(adapter), model.state.gpus[0], 'the default (first) GPU backs it');
    });

    it('refuses an instance path that names no partitionable GPU', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Build-Agent');
      const error = refused(
        model.addAdapter(vm.vmId, {
          instancePath: '\\\\?\\PCI#VEN_1002&DEV_73BF#4&0&0&0000#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV',
        }),
      );
      assert.match(error.message, /Unable to find a partitionable GPU/);
      assert.equal(vm.adapters.length, 0);
    });

    it('refuses when the host has no partitionable GPU at all', () => {
      const model = scenarioModel('win11-workstation', (state) => void (state.gpus = []));
      const error = refused(model.addAdapter(vmByName(model, 'Build-Agent').vmId));
      assert.equal(error.message, 'Unable to find a partitionable GPU.');
    });

    it('answers vm-not-found for an unknown VM id', () => {
      const model = scenarioModel('win11-workstation');
      const error = refused(model.addAdapter('00000000-0000-0000-0000-000000000001'));
      assert.equal(error.id, 'vm-not-found');
      assert.equal(error.message, 'Hyper-V was unable to find a virtual machine with ID "00000000-0000-0000-0000-000000000001".');
    });
  });

  describe('setAdapter', () => {
    it('refuses a VM without adapters with "Unable to find a Gpu partition adapter matching the given criteria."', () => {
      const model = scenarioModel('win11-workstation');
      const error = refused(model.setAdapter(vmByName(model, 'Build-Agent').vmId, { MaxPartitionVRAM: 1n }));
      assert.equal(error.message, 'Unable to find a Gpu partition adapter matching the given criteria.');
      assert.equal(error.category, 'ObjectNotFound');
      assert.equal(error.fullyQualifiedErrorId, 'ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.SetVMGpuPartitionAdapter');
    });

    it('without an adapter id changes every adapter of an Off VM', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Build-Agent');
      accepted(model.addAdapter(vm.vmId));
      accepted(model.addAdapter(vm.vmId, { instancePath: model.state.gpus[1]!.instancePath }));
      const changed = accepted(model.setAdapter(vm.vmId, { OptimalPartitionVRAM: 250_000_000n }));
      assert.equal(changed.length, 2);
      assert.deepEqual(
        vm.adapters.map((a) => a.settings.OptimalPartitionVRAM),
        [250_000_000n, 250_000_000n],
      );
    });

    it('with an adapter id changes only that adapter, and refuses an id the VM does not have', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Build-Agent');
      const first = accepted(model.addAdapter(vm.vmId));
      const second = accepted(model.addAdapter(vm.vmId));
      accepted(model.setAdapter(vm.vmId, { MaxPartitionCompute: 7n }, second.id.toLowerCase()));
      assert.equal(first.settings.MaxPartitionCompute, null);
      assert.equal(second.settings.MaxPartitionCompute, 7n);
      const error = refused(
        model.setAdapter(vm.vmId, { MaxPartitionCompute: 7n }, `Microsoft:${vm.vmId.toUpperCase()}\\00000000-0000-0000-0000-000000000000`),
      );
      assert.match(error.message, /Unable to find a Gpu partition adapter/);
    });

    it('refuses while the VM runs', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'GPU-Workstation');
      const error = refused(model.setAdapter(vm.vmId, { MaxPartitionVRAM: 1n }));
      assert.equal(error.id, 'vm-must-be-off');
      assert.equal(vm.adapters[0]!.settings.MaxPartitionVRAM, 500_000_000n);
    });
  });

  describe('removeAdapter', () => {
    it('removes one adapter by id and returns it', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Build-Agent');
      const first = accepted(model.addAdapter(vm.vmId));
      const second = accepted(model.addAdapter(vm.vmId));
      assert.deepEqual(accepted(model.removeAdapter(vm.vmId, first.id)), [first]);
      assert.deepEqual(vm.adapters, [second]);
    });

    it('without an id removes all adapters; an Off VM’s adapter took no resources, so Available stays', () => {
      const model = scenarioModel('server2025-sriov');
      const vm = vmByName(model, 'VDI-03');
      const a16 = model.state.gpus[0]!;
      const before = model.capacity(a16).VRAM.available;
      assert.equal(accepted(model.removeAdapter(vm.vmId)).length, 1);
      assert.equal(vm.adapters.length, 0);
      assert.equal(model.capacity(a16).VRAM.available, before);
    });

    it('an SR-IOV partition leaves Available while its VM runs and comes back when it stops', () => {
      const model = scenarioModel('server2025-sriov');
      const vm = vmByName(model, 'VDI-03');
      const a16 = model.state.gpus[0]!;
      const before = model.capacity(a16).VRAM.available;
      accepted(model.startVm(vm.vmId));
      assert.equal(model.capacity(a16).VRAM.available, before - a16.totals.VRAM / 16n);
      accepted(model.turnOffVm(vm.vmId));
      assert.equal(model.capacity(a16).VRAM.available, before);
    });

    it('refuses when there is nothing to remove, or while the VM runs', () => {
      const model = scenarioModel('win11-workstation');
      assert.match(refused(model.removeAdapter(vmByName(model, 'Build-Agent').vmId)).message, /Unable to find a Gpu partition adapter/);
      const running = vmByName(model, 'GPU-Workstation');
      assert.equal(refused(model.removeAdapter(running.vmId)).id, 'vm-must-be-off');
      assert.equal(running.adapters.length, 1);
    });
  });

  describe('an SR-IOV partition (equal partitions, one per VM: its size is set by the partition count)', () => {
    const GIB = 1024n ** 3n;
    for (const [index, count] of [
      [0, 16],
      [1, 8],
    ] as const) {
      it(`on the A16 of ${count} partitions a running VM gets 1/${count} of it, whatever sizes the adapter asks`, () => {
        const model = scenarioModel('server2025-sriov', (s) => {
          s.vms.find((v) => v.name === 'File-Server')!.state = 'Off';
        });
        const a16 = model.state.gpus[index]!;
        assert.equal(a16.partitionCount, count);
        const vm = vmByName(model, 'File-Server');
        const half = 8n * GIB;
        accepted(
          model.addAdapter(vm.vmId, {
            instancePath: a16.instancePath,
            settings: { MinPartitionVRAM: half, MaxPartitionVRAM: half, OptimalPartitionVRAM: half },
          }),
        );
        accepted(model.startVm(vm.vmId));
        const inventory = inventoryOf(model);
        const gpu = inventory.gpus.find((g) => g.instancePath === a16.instancePath)!;
        const partition = (16n * GIB) / BigInt(count);
        assert.deepEqual([gpu.resources.VRAM.min, gpu.resources.VRAM.max, gpu.resources.VRAM.optimal], [partition, partition, partition]);
        const adapter = inventory.vms.find((v) => v.id === vm.vmId)!.adapters[0]!;
        assert.equal(adapter.settings.VRAM.max, half, 'the adapter keeps what it asked for');
        assert.equal(adapter.current.VRAM, partition, 'but its partition is the fixed one');
      });
    }
  });
});
