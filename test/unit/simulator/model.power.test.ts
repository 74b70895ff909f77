import assert from 'node:assert/strict';
import { GIB } from '../../../src/core/model';
import { classifyHostError } from '../../../src/core/hostErrors';
import type { ModelResult } from '../../../src/simulator/hyperv/model';
import { ERROR_CATALOG } from '../../../src/simulator/hyperv/texts';
import { scenarioModel, vmByName } from './helpers';

function errorOf<T>(result: ModelResult<T>) {
  if (result.ok) assert.fail('expected Hyper-V to refuse');
  return result.error;
}

describe('simulator model: power and Hyper-V start checks', () => {
  describe('startVm', () => {
    it('starts an Off VM and resolves its partitions (PartitionId) only then', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Media-Encoder');
      assert.equal(vm.adapters[0]!.partitionId, null);
      const result = model.startVm(vm.vmId);
      assert.equal(result.ok, true);
      assert.equal(vm.state, 'Running');
      assert.equal(vm.adapters[0]!.partitionId, 0);
    });

    it('gives each running partition of a GPU its own lowest free PartitionId', () => {
      const model = scenarioModel('win11-workstation');
      const rtxHolders = model.partitionHolders(model.state.gpus[0]!).filter((h) => h.vm.state === 'Running');
      assert.deepEqual(rtxHolders.map((h) => h.adapter.partitionId).sort(), [0, 1, 2]);
    });

    it('only warns for a VM that already runs', () => {
      const model = scenarioModel('win11-workstation');
      const result = model.startVm(vmByName(model, 'GPU-Workstation').vmId);
      assert.equal(result.ok, true);
      assert.equal(result.ok && result.warning, 'The virtual machine is already in the specified state.');
    });

    it('refuses a high MMIO region beyond the CPU physical address range with the catalogue text', () => {
      const model = scenarioModel('win11-workstation', (state) => {
        state.host.cpuPhysicalAddressBits = 36;
      });
      const vm = vmByName(model, 'Media-Encoder'); // 32 GB high MMIO at the default base 63.5 GB
      const error = errorOf(model.startVm(vm.vmId));
      const id = vm.vmId.toUpperCase();
      assert.equal(
        error.message,
        `'Media-Encoder' failed to start.\nThe configuration of the virtual machine 'Media-Encoder' specifies ` +
          `an upper MMIO region that is above the supported physical address range.\n'Media-Encoder' failed to start. ` +
          `(Virtual machine ID ${id})\nVirtual machine 'Media-Encoder' cannot be started. The upper MMIO region ` +
          `(0x00000017dffff000) is above the supported physical address range. Make sure that the upper MMIO region ` +
          `is \nbelow 0x0000001000000000. (Virtual machine ID ${id})`,
      );
      assert.equal(error.fullyQualifiedErrorId, ERROR_CATALOG['mmio-above-physical-range'].fullyQualifiedErrorId);
      assert.equal(classifyHostError(error).id, 'mmio-above-physical-range');
      assert.equal(vm.state, 'Off');
      assert.equal(vm.adapters[0]!.partitionId, null);
    });

    it('starts on a 36-bit CPU once high MMIO ends at 64 GB exactly (512 MB at the default base)', () => {
      const model = scenarioModel('win11-workstation', (state) => {
        state.host.cpuPhysicalAddressBits = 36;
      });
      const vm = vmByName(model, 'Media-Encoder');
      assert.equal(model.setVm(vm.vmId, { highMemoryMappedIoSpace: 512n * 1024n * 1024n }).ok, true);
      assert.equal(model.startVm(vm.vmId).ok, true);
    });

    it('refuses an adapter whose GPU instance path no longer exists with "Insufficient system resources"', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Media-Encoder');
      const intel = model.state.gpus[1]!;
      assert.equal(model.removeHostGpu(intel.instancePath).ok, true);
      const error = errorOf(model.startVm(vm.vmId));
      const guid = vm.adapters[0]!.id.split('\\')[1]!;
      assert.ok(
        error.message.startsWith(
          `'Media-Encoder' failed to start.\nGPU Partition (Instance ID ${guid}): Error 'Insufficient system resources ` +
            `exist to complete the requested service.'.`,
        ),
      );
      assert.equal(classifyHostError(error).id, 'gpu-partition-insufficient-resources');
      assert.equal(vm.state, 'Off');
    });

    it('refuses when every partition of the GPU is already resolved by running VMs', () => {
      const model = scenarioModel('server2025-sriov', (state) => {
        state.gpus[0]!.partitionCount = 2; // VDI-01 and VDI-02 run on it
      });
      const error = errorOf(model.startVm(vmByName(model, 'VDI-03').vmId));
      assert.equal(classifyHostError(error).id, 'gpu-partition-insufficient-resources');
    });

    it('on Windows Server refuses an uncertified GPU while the group policy is not relaxed', () => {
      const model = scenarioModel('server2025-sriov');
      const vm = vmByName(model, 'CAD-Render');
      const quadro = model.gpuOf(vm.adapters[0]!)!;
      const error = errorOf(model.startVm(vm.vmId));
      assert.equal(
        error.message,
        `Could not allocate partitionable GPU device '${quadro.instancePath}' that is \nnot compliant with currently ` +
          `set group policy.  See HyperV\\RequireSecureDeviceAssignment and HyperV\\RequireSupportedDeviceAssignment ` +
          `for more details.`,
      );
      assert.equal(classifyHostError(error).id, 'group-policy-not-compliant');
    });

    it('on Windows Server still refuses when only one of the two policy values is 0', () => {
      const model = scenarioModel('server2025-sriov', (state) => {
        state.host.groupPolicy.RequireSecureDeviceAssignment = 0;
      });
      assert.equal(classifyHostError(errorOf(model.startVm(vmByName(model, 'CAD-Render').vmId))).id, 'group-policy-not-compliant');
    });

    it('on Windows Server starts the uncertified GPU once both policy values are 0', () => {
      const model = scenarioModel('server2025-sriov', (state) => {
        state.host.groupPolicy = { RequireSecureDeviceAssignment: 0, RequireSupportedDeviceAssignment: 0 };
      });
      assert.equal(model.startVm(vmByName(model, 'CAD-Render').vmId).ok, true);
    });

    it('on Windows Server starts a certified SR-IOV partition under the default policy', () => {
      const model = scenarioModel('server2025-sriov');
      assert.equal(model.startVm(vmByName(model, 'VDI-03').vmId).ok, true);
    });

    it('ignores the group policy on a workstation', () => {
      const model = scenarioModel('win11-workstation', (state) => {
        state.host.groupPolicy = { RequireSecureDeviceAssignment: 1, RequireSupportedDeviceAssignment: 1 };
      });
      assert.equal(model.startVm(vmByName(model, 'Media-Encoder').vmId).ok, true);
    });

    it('resumes a Saved VM through the same checks', () => {
      const model = scenarioModel('win11-workstation', (state) => {
        state.host.cpuPhysicalAddressBits = 36;
      });
      const saved = vmByName(model, 'Sandbox-Saved'); // 512 MB high MMIO: fits
      assert.equal(model.startVm(saved.vmId).ok, true);
      assert.equal(saved.state, 'Running');
    });
  });

  describe('shut down and turn off', () => {
    it('shuts a running VM down and releases its partition ids', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'GPU-Workstation');
      assert.equal(model.shutDownVm(vm.vmId).ok, true);
      assert.equal(vm.state, 'Off');
      assert.equal(vm.adapters[0]!.partitionId, null);
    });

    it('refuses a graceful shutdown of a Saved VM, but turns it off (discarding the saved state)', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Sandbox-Saved');
      const error = errorOf(model.shutDownVm(vm.vmId));
      assert.equal(
        error.message,
        "'Sandbox-Saved' failed to change state.\nThe operation cannot be performed while the object is in its current state.",
      );
      assert.equal(vm.state, 'Saved');
      assert.equal(model.turnOffVm(vm.vmId).ok, true);
      assert.equal(vm.state, 'Off');
    });

    it('only warns when the VM is already off', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Build-Agent');
      const shutDown = model.shutDownVm(vm.vmId);
      const turnOff = model.turnOffVm(vm.vmId);
      assert.equal(shutDown.ok && shutDown.warning, 'The virtual machine is already in the specified state.');
      assert.equal(turnOff.ok && turnOff.warning, 'The virtual machine is already in the specified state.');
    });
  });

  describe('save and checkpoint', () => {
    const GPUP = 'The operation cannot be performed on the virtual machine because it is assigned one or more GPUP partitions';

    it('refuses to save a VM with a GPU partition, with the catalogue text', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'GPU-Workstation');
      const error = errorOf(model.saveVm(vm.vmId));
      assert.equal(error.message, GPUP);
      assert.equal(classifyHostError(error).id, 'gpup-blocks-operation');
      assert.equal(vm.state, 'Running');
    });

    it('refuses a checkpoint of a VM with a GPU partition, even an Off one', () => {
      const model = scenarioModel('win11-workstation');
      assert.equal(errorOf(model.checkpointVm(vmByName(model, 'Media-Encoder').vmId)).message, GPUP);
    });

    it('saves a running VM without GPU partition', () => {
      const model = scenarioModel('server2025-sriov');
      const vm = vmByName(model, 'File-Server');
      assert.equal(model.saveVm(vm.vmId).ok, true);
      assert.equal(vm.state, 'Saved');
    });

    it('takes a checkpoint of a VM without GPU partition unless checkpoints are disabled', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Build-Agent');
      assert.equal(model.checkpointVm(vm.vmId).ok, true);
      assert.equal(model.setVm(vm.vmId, { checkpointType: 'Disabled' }).ok, true);
      assert.match(errorOf(model.checkpointVm(vm.vmId)).message, /Checkpoints are disabled/);
    });

    it('refuses to save an Off VM', () => {
      const model = scenarioModel('win11-workstation');
      assert.match(errorOf(model.saveVm(vmByName(model, 'Build-Agent').vmId)).message, /failed to change state/);
    });
  });

  it('keeps high MMIO arithmetic exact in UInt64 (base + size near 2^46)', () => {
    const model = scenarioModel('win11-workstation');
    const vm = vmByName(model, 'Build-Agent');
    assert.equal(
      model.setVm(vm.vmId, { highMemoryMappedIoBaseAddress: (1n << 46n) - 32n * GIB, highMemoryMappedIoSpace: 32n * GIB }).ok,
      true,
    );
    assert.equal(model.startVm(vm.vmId).ok, true);
    assert.equal(model.turnOffVm(vm.vmId).ok, true);
    assert.equal(model.setVm(vm.vmId, { highMemoryMappedIoSpace: 32n * GIB + 4096n }).ok, true);
    assert.equal(classifyHostError(errorOf(model.startVm(vm.vmId))).id, 'mmio-above-physical-range');
  });
});
