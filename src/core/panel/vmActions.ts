/**
 * The VM page's buttons and its one primary action, from the VM's state: a guest showing a problem
 * gets the fix of that problem, a VM without a partition gets Assign, a VM whose settings fail gets
 * Make GPU-PV Ready, any other failing line its own fix; a VM with nothing failing has no primary
 * button (and a ready VM no readiness button at all).
 */
import type { DiagnosisLine } from '../diagnosis/checklist';
import type { VirtualMachine } from '../model';
import type { RequirementId } from '../rules/requirementIds';
import type { Readiness } from '../rules/requirements';
import type { PanelCommand } from './panelCommands';

export interface VmAction {
  readonly command: PanelCommand;
  readonly primary: boolean;
}

/** The settings Make GPU-PV Ready changes (planReadiness). */
const MADE_READY: ReadonlySet<string> = new Set<RequirementId>([
  'high-mmio',
  'low-mmio',
  'write-combining',
  'checkpoints',
  'stop-action',
  'static-memory',
]);

function settingsFail(checklist: readonly DiagnosisLine[]): boolean {
  return checklist.some((l) => l.status === 'fail' && MADE_READY.has(l.id));
}

export function primaryAction(readiness: Readiness, checklist: readonly DiagnosisLine[]): PanelCommand | null {
  const device = checklist.find((l) => l.id === 'guest-device');
  if (device?.status === 'fail' && device.fix) return device.fix;
  if (readiness.kind === 'no-adapter') return 'gpupv.assignGpu';
  if (settingsFail(checklist)) return 'gpupv.makeReady';
  return checklist.find((l) => l.status === 'fail' && l.fix)?.fix ?? null;
}

export function vmActions(vm: VirtualMachine, checklist: readonly DiagnosisLine[], primary: PanelCommand | null): VmAction[] {
  const commands: PanelCommand[] = [];
  if (settingsFail(checklist)) commands.push('gpupv.makeReady');
  if (vm.state === 'Off' || vm.state === 'Saved') commands.push('gpupv.startVm');
  if (vm.state === 'Saved') commands.push('gpupv.discardSavedState');
  if (vm.state === 'Running') commands.push('gpupv.shutDownVm');
  commands.push('gpupv.assignGpu', 'gpupv.setGuestCredentials');
  return commands.map((command) => ({ command, primary: command === primary }));
}
