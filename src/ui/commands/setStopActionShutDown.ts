import { configureVmSetting } from '../actions/configureVm';
import type { CommandContext } from './commandContext';

export const setStopActionShutDownCommand = {
  id: 'gpupv.setStopActionShutDown',
  run: (ctx: CommandContext, node?: unknown) =>
    configureVmSetting(ctx, node, 'Shut down the VM when the host stops', (vm) =>
      vm.automaticStopAction === 'ShutDown' ? `${vm.name} already shuts down when the host stops.` : { AutomaticStopAction: 'ShutDown' },
    ),
};
