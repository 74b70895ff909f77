import { runAction } from '../actions/runAction';
import { resolveVm } from '../actions/resolveTarget';
import type { CommandContext } from './commandContext';

export const startVmCommand = {
  id: 'gpupv.startVm',
  run: async (ctx: CommandContext, node?: unknown) => {
    const chosen = await resolveVm(ctx, node, 'Start a VM', (vm) => vm.state === 'Off');
    if (chosen) await runAction(ctx, chosen.target, { kind: 'start-vm', vm: chosen.vm }, { confirm: false });
  },
};

export const shutDownVmCommand = {
  id: 'gpupv.shutDownVm',
  run: async (ctx: CommandContext, node?: unknown) => {
    const chosen = await resolveVm(ctx, node, 'Shut down a VM', (vm) => vm.state === 'Running');
    if (chosen) await runAction(ctx, chosen.target, { kind: 'stop-vm', vm: chosen.vm, turnOff: false }, { confirm: true });
  },
};

export const turnOffVmCommand = {
  id: 'gpupv.turnOffVm',
  run: async (ctx: CommandContext, node?: unknown) => {
    const chosen = await resolveVm(ctx, node, 'Turn off a VM', (vm) => vm.state === 'Running');
    if (!chosen) return;
    const explanation = 'This cuts the VM’s power: unsaved work in the guest is lost. Shut Down is the safe way.';
    await runAction(ctx, chosen.target, { kind: 'stop-vm', vm: chosen.vm, turnOff: true }, { confirm: true, explanation });
  },
};
