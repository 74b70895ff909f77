import assert from 'node:assert/strict';
import type { ModelResult } from '../../../src/simulator/hyperv/model';
import { GIB } from '../../../src/core/model';
import { scenarioModel, vmByName } from './helpers';

function errorOf<T>(result: ModelResult<T>) {
  if (result.ok) assert.fail('expected Hyper-V to refuse');
  return result.error;
}

describe('simulator model: VM settings and partition counts', () => {
  describe('setVm', () => {
    it('changes MMIO, write-combining, memory and processors of an Off VM', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Build-Agent');
      const result = model.setVm(vm.vmId, {
        guestControlledCacheTypes: true,
        lowMemoryMappedIoSpace: GIB,
        highMemoryMappedIoSpace: 32n * GIB,
        memoryStartup: 8n * GIB,
        dynamicMemoryEnabled: false,
        processorCount: 8,
      });
      assert.equal(result.ok, true);
      assert.equal(vm.guestControlledCacheTypes, true);
      assert.equal(vm.lowMemoryMappedIoSpace, GIB);
      assert.equal(vm.highMemoryMappedIoSpace, 32n * GIB);
      assert.equal(vm.memoryStartup, 8n * GIB);
      assert.equal(vm.dynamicMemoryEnabled, false);
      assert.equal(vm.processorCount, 8);
    });

    for (const [label, change] of [
      ['high MMIO', { highMemoryMappedIoSpace: 32n * GIB }],
      ['low MMIO', { lowMemoryMappedIoSpace: 2n * GIB }],
      ['MMIO base', { highMemoryMappedIoBaseAddress: 16n * GIB }],
      ['write-combining', { guestControlledCacheTypes: false }],
      ['startup memory', { memoryStartup: 4n * GIB }],
      ['dynamic memory', { dynamicMemoryEnabled: true }],
    ] as const) {
      it(`refuses to change ${label} while the VM runs and leaves it as it was`, () => {
        const model = scenarioModel('win11-workstation');
        const vm = vmByName(model, 'Grafik-Prüfstand');
        const before = structuredClone(vm);
        const error = errorOf(model.setVm(vm.vmId, change));
        assert.equal(error.id, 'vm-must-be-off');
        assert.equal(error.message, 'The operation cannot be performed while the virtual machine is in its current state.');
        assert.deepEqual(vm, before);
      });
    }

    it('changes checkpoint type, stop and start action while the VM runs', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Grafik-Prüfstand');
      assert.equal(
        model.setVm(vm.vmId, { checkpointType: 'Standard', automaticStopAction: 'TurnOff', automaticStartAction: 'Nothing' }).ok,
        true,
      );
      assert.equal(vm.checkpointType, 'Standard');
      assert.equal(vm.automaticStopAction, 'TurnOff');
      assert.equal(vm.automaticStartAction, 'Nothing');
    });

    it('accepts an Off-only setting on a running VM when it does not change the value', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Grafik-Prüfstand');
      assert.equal(model.setVm(vm.vmId, { guestControlledCacheTypes: true, checkpointType: 'Disabled' }).ok, true);
    });

    it("refuses a low MMIO space that does not fit Set-VM's UInt32 parameter", () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Build-Agent');
      const error = errorOf(model.setVm(vm.vmId, { lowMemoryMappedIoSpace: 5n * GIB }));
      assert.equal(error.id, 'invalid-argument');
      assert.equal(
        error.message,
        'Cannot bind parameter \'LowMemoryMappedIoSpace\'. Cannot convert value "5368709120" to type "System.UInt32". ' +
          'Error: "Value was either too large or too small for a UInt32."',
      );
    });
  });

  describe('setPartitionCount', () => {
    it('sets a count from ValidPartitionCounts on a GPU nobody holds, and the partition sizes follow', () => {
      const model = scenarioModel('server2025-sriov');
      const spare = model.state.gpus[1]!;
      assert.equal(model.partitionHolders(spare).length, 0);
      const result = model.setPartitionCount(spare.instancePath, 4);
      assert.equal(result.ok, true);
      assert.equal(spare.partitionCount, 4);
      assert.equal(model.capacity(spare).VRAM.max, spare.totals.VRAM / 4n);
      assert.equal(model.capacity(spare).VRAM.available, spare.totals.VRAM);
    });

    it('refuses a count that is not in ValidPartitionCounts (id partition-count-invalid)', () => {
      const model = scenarioModel('server2025-sriov');
      const spare = model.state.gpus[1]!;
      const error = errorOf(model.setPartitionCount(spare.instancePath, 3));
      assert.equal(error.id, 'partition-count-invalid');
      assert.match(error.message, /16, 8, 4, 2, 1/);
      assert.equal(spare.partitionCount, 8);
    });

    it('refuses while a VM holds a partition of that GPU, even an Off VM (id partition-in-use)', () => {
      const model = scenarioModel('server2025-sriov');
      const held = model.state.gpus[0]!;
      const error = errorOf(model.setPartitionCount(held.instancePath, 8));
      assert.equal(error.id, 'partition-in-use');
      assert.match(error.message, /'VDI-01', 'VDI-02', 'VDI-03'/);
      assert.equal(held.partitionCount, 16);
    });

    it('allows it again once the last adapter on the GPU is removed', () => {
      const model = scenarioModel('win11-workstation', (state) => {
        for (const vm of state.vms) vm.state = 'Off';
      });
      const rtx = model.state.gpus[0]!;
      for (const { vm } of model.partitionHolders(rtx)) assert.equal(model.removeAdapter(vm.vmId).ok, true);
      assert.equal(model.setPartitionCount(rtx.instancePath, 32).ok, true);
    });
  });
});
