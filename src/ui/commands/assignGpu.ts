import { fixedPartition, fixedPartitionText } from '../../core/actions/sizing';
import { runAction } from '../actions/runAction';
import { resolveVm } from '../actions/resolveTarget';
import { pickGpu } from '../pickers/pickGpu';
import { pickSize } from '../pickers/pickSize';
import { gpuLabel } from '../tree/gpuNode';
import type { CommandContext } from './commandContext';

export const assignGpuCommand = {
  id: 'gpupv.assignGpu',
  run: async (ctx: CommandContext, node?: unknown) => {
    const title = 'Assign a GPU partition';
    const chosen = await resolveVm(ctx, node, title, (vm) => vm.state === 'Off' && vm.generation === 2 && vm.adapters.length === 0);
    if (!chosen) return;
    const gpu = await pickGpu(chosen.target, `${title} to ${chosen.vm.name}`, true);
    if (gpu === undefined) return;
    const sized = gpu ?? chosen.target.inventory.gpus[0] ?? null;
    // An SR-IOV GPU's partitions all have one size: there is nothing to ask, only something to say.
    const fixed = sized ? fixedPartition(sized) : undefined;
    const sizes = fixed ? null : await pickSize(sized, `${title} to ${chosen.vm.name}: size`);
    if (sizes === undefined) return;
    await runAction(
      ctx,
      chosen.target,
      { kind: 'assign-gpu', vm: chosen.vm, gpu: gpu ? { instancePath: gpu.instancePath, label: gpuLabel(gpu) } : null, sizes },
      { confirm: true, explanation: fixed && sized ? fixedPartitionText(gpuLabel(sized), fixed) : undefined },
    );
  },
};
