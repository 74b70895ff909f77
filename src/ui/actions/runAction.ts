/**
 * Runs one change on a host the way every command does: show the exact PowerShell and ask, make
 * sure the VM is off when Hyper-V requires it (asking before stopping anything), show progress,
 * serialise actions per VM, refresh only what changed, offer to start the VM again, and turn a
 * failure into its explanation and, where one exists, the fix.
 */
import * as vscode from 'vscode';
import { changedSettings, describeAction, requiresVmOff, targetVm, type GpuPvAction, type VmRef } from '../../core/actions/gpuPvAction';
import { powershellPreview } from '../../core/actions/powershellPreview';
import type { GpuPvError } from '../../core/errors';
import { KeyedQueue } from '../../core/keyedQueue';
import type { VirtualMachine } from '../../core/model';
import type { CommandContext } from '../commands/commandContext';
import { adviceFor } from '../errorAdvice';
import { fixesFor } from './errorFixes';
import { findVm, type HostTarget } from './hostTarget';

const perVm = new KeyedQueue();

/** Runs `task` when no other action on that VM is running (the one queue every action on a VM waits in). */
export function runOnVm<T>(target: HostTarget, vmId: string, task: () => Promise<T>): Promise<T> {
  return perVm.run(`${target.node.hostId}/${vmId}`, task);
}

export interface RunOptions {
  /** Ask before running, showing the PowerShell (all changes do; starting a VM does not). */
  readonly confirm: boolean;
  /** Extra lines for the confirmation, e.g. a readiness plan. */
  readonly explanation?: string;
}

export type RunOutcome = 'done' | 'cancelled' | 'failed';

export async function runAction(ctx: CommandContext, target: HostTarget, requested: GpuPvAction, options: RunOptions): Promise<RunOutcome> {
  const action = withoutUnchangedSettings(target, requested);
  if (!action) {
    void vscode.window.showInformationMessage(
      `GPU-PV: ${requested.kind === 'configure-vm' ? requested.vm.name : 'the VM'} already has these settings.`,
    );
    return 'done';
  }
  const preview = powershellPreview(action).join('\n');
  const title = describeAction(action);
  if (options.confirm) {
    const detail = `${options.explanation ? `${options.explanation}\n\n` : ''}Runs on ${target.node.config.name}:\n\n${preview}`;
    const choice = await vscode.window.showWarningMessage(`${title}?`, { modal: true, detail }, 'Apply', 'Copy PowerShell');
    if (choice === 'Copy PowerShell') {
      await vscode.env.clipboard.writeText(preview);
      void vscode.window.showInformationMessage('GPU-PV: the PowerShell was copied; nothing was changed.');
      return 'cancelled';
    }
    if (choice !== 'Apply') return 'cancelled';
  }
  const vmRef = targetVm(action);
  const run = () => execute(ctx, target, action, title, preview, vmRef);
  const { outcome, followUp } = await (vmRef ? runOnVm(target, vmRef.id, run) : run());
  // What follows waits for the user, perhaps for good (a notification nobody answers), and may run
  // another action on the same VM (a fix, a restart): so only after the VM's queue has moved on.
  if (followUp) await followUp();
  return outcome;
}

/**
 * A settings change keeps only what differs from the VM as the tree shows it, so the confirmation
 * counts and the PowerShell sets only real changes; undefined when nothing would change.
 */
function withoutUnchangedSettings(target: HostTarget, action: GpuPvAction): GpuPvAction | undefined {
  if (action.kind !== 'configure-vm') return action;
  const vm = findVm(target, action.vm.id);
  if (!vm) return action;
  const settings = changedSettings(vm, action.settings);
  return Object.keys(settings).length === 0 ? undefined : { ...action, settings };
}

/** An action's outcome, and what to ask the user once the VM is free for other actions again. */
interface Executed {
  readonly outcome: RunOutcome;
  readonly followUp?: () => Promise<void>;
}

async function execute(
  ctx: CommandContext,
  target: HostTarget,
  action: GpuPvAction,
  title: string,
  preview: string,
  vmRef: VmRef | null,
): Promise<Executed> {
  let restartAfter = false;
  if (vmRef && requiresVmOff(action)) {
    const stopped = await ensureOff(ctx, target, vmRef, title);
    if (stopped === 'cancelled') return { outcome: stopped };
    if (typeof stopped === 'object')
      return { outcome: 'failed', followUp: () => reportFailure(ctx, target, `Turn off ${vmRef.name}`, stopped.error, vmRef) };
    restartAfter = stopped === 'stopped';
  }
  ctx.log.info(`[${target.node.config.name}] ${title}:\n${preview}`);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `GPU-PV: ${title}…` }, () =>
    target.client.run(action, undefined),
  );
  if (!result.ok) return { outcome: 'failed', followUp: () => reportFailure(ctx, target, title, result.error, vmRef) };
  if ('vm' in result.value) ctx.store.updateVm(target.node.hostId, result.value.vm);
  else await ctx.tree.refresh(target.node);
  void vscode.window.setStatusBarMessage(`GPU-PV: ${title} — done`, 5000);
  if (!restartAfter || !vmRef) return { outcome: 'done' };
  const offerRestart = async () => {
    const again = await vscode.window.showInformationMessage(`${title} — done. Start ${vmRef.name} again?`, 'Start');
    if (again === 'Start') await runAction(ctx, target, { kind: 'start-vm', vm: vmRef }, { confirm: false });
  };
  return { outcome: 'done', followUp: offerRestart };
}

/**
 * 'off' when it already is, 'stopped' when we shut it down (so we offer to start it again), the
 * error when even turning it off failed. A graceful shutdown first; cutting the power only after a
 * second, explicit confirmation.
 */
async function ensureOff(
  ctx: CommandContext,
  target: HostTarget,
  vmRef: VmRef,
  title: string,
): Promise<'off' | 'stopped' | 'cancelled' | { readonly error: GpuPvError }> {
  const fresh = await target.client.vm(vmRef.id);
  const vm: VirtualMachine | undefined = fresh.ok ? fresh.value : findVm(target, vmRef.id);
  if (!vm || vm.state === 'Off') return 'off';
  const shutDown = await vscode.window.showWarningMessage(
    `${vm.name} is ${vm.state}. Hyper-V applies this change only to a VM that is off.`,
    { modal: true, detail: `Shut ${vm.name} down (the guest closes its programs as in a normal shutdown), then: ${title}.` },
    'Shut Down and Continue',
  );
  if (shutDown !== 'Shut Down and Continue') return 'cancelled';
  const graceful = await stop(ctx, target, vm, false);
  if (graceful.ok) return 'stopped';
  const turnOff = await vscode.window.showWarningMessage(
    `${vm.name} did not shut down: ${graceful.error.message}`,
    { modal: true, detail: 'Turning it off cuts its power: unsaved work in the guest is lost.' },
    'Turn Off',
  );
  if (turnOff !== 'Turn Off') return 'cancelled';
  const forced = await stop(ctx, target, vm, true);
  return forced.ok ? 'stopped' : { error: forced.error };
}

async function stop(ctx: CommandContext, target: HostTarget, vm: VmRef, turnOff: boolean) {
  const action: GpuPvAction = { kind: 'stop-vm', vm, turnOff };
  ctx.log.info(`[${target.node.config.name}] ${describeAction(action)}:\n${powershellPreview(action).join('\n')}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `GPU-PV: ${describeAction(action)}…` },
    () => target.client.run(action),
  );
  if (result.ok && 'vm' in result.value) ctx.store.updateVm(target.node.hostId, result.value.vm);
  return result;
}

async function reportFailure(ctx: CommandContext, target: HostTarget, title: string, error: GpuPvError, vm: VmRef | null): Promise<void> {
  const advice = adviceFor(error);
  const fixes = fixesFor(error, target, vm);
  const buttons = [...fixes.map((f) => f.title), 'Show Log'];
  // The advice goes into the message: VS Code shows a message's `detail` only in modal dialogs.
  const choice = await vscode.window.showErrorMessage(`GPU-PV: ${title} failed. ${error.message} ${advice.advice}`, ...buttons);
  if (choice === 'Show Log') return ctx.log.show(true);
  const fix = fixes.find((f) => f.title === choice);
  if (fix) await runAction(ctx, target, fix.action, { confirm: true, explanation: fix.why });
}
