import { configureVmSetting } from '../actions/configureVm';
import type { CommandContext } from './commandContext';

export const disableCheckpointsCommand = {
  id: 'gpupv.disableCheckpoints',
  run: (ctx: CommandContext, node?: unknown) =>
    configureVmSetting(ctx, node, 'Disable checkpoints', (vm) =>
      vm.checkpointType === 'Disabled' ? `${vm.name} already has checkpoints disabled.` : { CheckpointType: 'Disabled' },
    ),
};
