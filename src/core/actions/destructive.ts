/**
 * Actions that lose something nothing brings back: a guest's unsaved work (its power cut) or a
 * Saved VM's memory. Their confirmation names what is lost, offers the action that loses nothing
 * first, and is never answered by a default button.
 */
import type { GpuPvAction } from './gpuPvAction';

export interface DestructiveChoice {
  /** The destructive button: what it does, in two or three words. */
  readonly verb: string;
  /** The action that keeps what would be lost, offered first. */
  readonly instead: GpuPvAction;
  readonly insteadLabel: string;
}

export function destructiveChoice(action: GpuPvAction): DestructiveChoice | null {
  if (action.kind === 'stop-vm' && action.turnOff)
    return { verb: 'Turn Off', instead: { kind: 'stop-vm', vm: action.vm, turnOff: false }, insteadLabel: 'Shut Down Instead' };
  if (action.kind === 'discard-saved-state')
    return { verb: 'Discard Saved State', instead: { kind: 'start-vm', vm: action.vm }, insteadLabel: 'Start Instead' };
  return null;
}

/** What discarding a saved state means, said plainly (the confirmation and the Saved-VM question use it). */
export function discardedStateText(vmName: string): string {
  return (
    `The memory Hyper-V saved for ${vmName} is deleted: the VM is then Off, as if its power had been pulled at the moment it was saved. ` +
    'Programs that were open in it lose their unsaved work; its disks are not touched.'
  );
}
