/** Which protocol operation carries an action, with which arguments. */
import type { GpuPvAction } from '../core/actions/gpuPvAction';
import type { OperationArgs, OperationName } from './protocol';

export type ActionCall = { [Op in OperationName]: { readonly operation: Op; readonly args: OperationArgs<Op> } }[OperationName];

export function callFor(action: GpuPvAction): ActionCall {
  switch (action.kind) {
    case 'assign-gpu':
      return {
        operation: 'Add-GpuPartitionAdapter',
        args: {
          VMId: action.vm.id,
          ...(action.gpu ? { InstancePath: action.gpu.instancePath } : {}),
          ...(action.sizes ? { Sizes: action.sizes } : {}),
        },
      };
    case 'resize-partition':
      return {
        operation: 'Set-GpuPartitionAdapter',
        args: { VMId: action.vm.id, ...(action.adapterId ? { AdapterId: action.adapterId } : {}), Sizes: action.sizes },
      };
    case 'remove-partition':
      return {
        operation: 'Remove-GpuPartitionAdapter',
        args: { VMId: action.vm.id, ...(action.adapterId ? { AdapterId: action.adapterId } : {}) },
      };
    case 'configure-vm':
      return { operation: 'Set-VmGpuPvSettings', args: { VMId: action.vm.id, Settings: action.settings } };
    case 'set-partition-count':
      return { operation: 'Set-GpuPartitionCount', args: { InstancePath: action.gpu.instancePath, PartitionCount: action.count } };
    case 'start-vm':
      return { operation: 'Start-Vm', args: { VMId: action.vm.id } };
    case 'stop-vm':
      return { operation: 'Stop-Vm', args: { VMId: action.vm.id, TurnOff: action.turnOff } };
    case 'discard-saved-state':
      return { operation: 'Remove-VmSavedState', args: { VMId: action.vm.id } };
  }
}
