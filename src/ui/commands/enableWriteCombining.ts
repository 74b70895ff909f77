import { configureVmSetting } from '../actions/configureVm';
import type { CommandContext } from './commandContext';

export const enableWriteCombiningCommand = {
  id: 'gpupv.enableWriteCombining',
  run: (ctx: CommandContext, node?: unknown) =>
    configureVmSetting(ctx, node, 'Enable write-combining', (vm) =>
      vm.guestControlledCacheTypes ? `${vm.name} already has write-combining on.` : { GuestControlledCacheTypes: true },
    ),
};
