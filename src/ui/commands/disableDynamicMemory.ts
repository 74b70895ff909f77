import { configureVmSetting } from '../actions/configureVm';
import type { CommandContext } from './commandContext';

export const disableDynamicMemoryCommand = {
  id: 'gpupv.disableDynamicMemory',
  run: (ctx: CommandContext, node?: unknown) =>
    configureVmSetting(ctx, node, 'Use static memory', (vm) =>
      vm.dynamicMemoryEnabled ? { DynamicMemoryEnabled: false } : `${vm.name} already uses static memory.`,
    ),
};
