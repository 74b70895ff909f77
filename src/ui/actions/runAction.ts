/**
 * Runs one change on a host the way every command does: show the exact PowerShell and ask, make
 * sure the VM is off when Hyper-V requires it (asking before stopping anything), show progress,
 * serialise actions per VM, refresh only what changed, offer to start the VM again, and turn a
 * failure into its explanation and, where one exists, the fix.
 */
import * as vscode from 'vscode';
import { destructiveChoice, discardedStateText } from '../../core/actions/destructive';
import { changedSettings, describeAction, requiresVmOff, targetVm, type GpuPvAction, type VmRef } from '../../core/actions/gpuPvAction';
import { powershellPreview } from '../../core/actions/powershellPreview';
import type { GpuPvError } from '../../core/errors';
import { KeyedQueue } from '../../core/keyedQueue';
import { vmStateText, type VirtualMachine } from '../../core/model';
import type { ActionAnswer } from '../../host/hostClient';
import type { CommandContext } from '../commands/commandContext';
import { confirmDestructive } from '../dialogs';
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
    const destructive = destructiveChoice(action);
    const apply = destructive?.verb ?? 'Apply';
    const choice = destructive
      ? await confirmDestructive({
          message: `${title}?`,
          detail,
          safe: destructive.insteadLabel,
          destructive: apply,
          others: ['Copy PowerShell'],
        })
      : await vscode.window.showWarningMessage(`${title}?`, { modal: true, detail }, apply, 'Copy PowerShell');
    if (choice === 'Copy PowerShell') {
      await vscode.env.clipboard.writeText(preview);
      void vscode.window.showInformationMessage('GPU-PV: the PowerShell was copied; nothing was changed.');
      return 'cancelled';
    }
    // The answer that keeps what the action would lose: the user chose it, so it runs without a second question.
    if (destructive && choice === destructive.insteadLabel) return runAction(ctx, target, destructive.instead, { confirm: false });
    if (choice !== apply) return 'cancelled';
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
      return { outcome: 'failed', followUp: () => reportFailure(ctx, target, stopped.step, stopped.error, vmRef) };
    restartAfter = stopped === 'stopped';
  }
  ctx.log.info(`[${target.node.config.name}] ${title}:\n${preview}`);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `GPU-PV: ${title}…` }, () =>
    target.client.run(action, undefined),
  );
  if (!result.ok) return { outcome: 'failed', followUp: () => reportFailure(ctx, target, title, result.error, vmRef) };
  await applyAnswer(ctx, target, result.value, vmRef);
  void vscode.window.setStatusBarMessage(`GPU-PV: ${title} — done`, 5000);
  if (!restartAfter || !vmRef) return { outcome: 'done' };
  const offerRestart = async () => {
    const again = await vscode.window.showInformationMessage(`${title} — done. Start ${vmRef.name} again?`, 'Start');
    if (again === 'Start') await runAction(ctx, target, { kind: 'start-vm', vm: vmRef }, { confirm: false });
  };
  return { outcome: 'done', followUp: offerRestart };
}

/** The error names the step that failed on the way to Off (resume, shut down, turn off, discard). */
type OffOutcome = 'off' | 'stopped' | 'cancelled' | { readonly error: GpuPvError; readonly step: string };

/**
 * 'off' when it already is, 'stopped' when we turned it off (so we offer to start it again), the
 * error when even that failed. A running VM is shut down gracefully first; cutting its power is
 * offered only after that failed, and never as the default answer. A Saved or Paused VM cannot shut
 * down as it is: it is resumed and shut down, or its saved state discarded, as the user chooses.
 */
async function ensureOff(ctx: CommandContext, target: HostTarget, vmRef: VmRef, title: string): Promise<OffOutcome> {
  const fresh = await target.client.vm(vmRef.id);
  const vm: VirtualMachine | undefined = fresh.ok ? fresh.value : findVm(target, vmRef.id);
  if (!vm || vm.state === 'Off') return 'off';
  if (vm.state === 'Saved' || vm.state === 'Paused') return leaveSuspended(ctx, target, vm, title);
  const shutDown = await vscode.window.showWarningMessage(
    `${vm.name} is ${vmStateText(vm)}. Hyper-V applies this change only to a VM that is off.`,
    { modal: true, detail: `Shut ${vm.name} down (the guest closes its programs as in a normal shutdown), then: ${title}.` },
    'Shut Down and Continue',
  );
  if (shutDown !== 'Shut Down and Continue') return 'cancelled';
  return shutDownOrOffer(ctx, target, vm);
}

/** A Saved VM keeps its memory on the host, a Paused one in memory: neither can shut down until it runs again. */
async function leaveSuspended(ctx: CommandContext, target: HostTarget, vm: VirtualMachine, title: string): Promise<OffOutcome> {
  const saved = vm.state === 'Saved';
  const resume = 'Resume and Shut Down';
  const lose = saved ? 'Discard Saved State' : 'Turn Off';
  const losing = saved ? discardedStateText(vm.name) : `${vm.name}'s power is cut: unsaved work in the guest is lost.`;
  const choice = await confirmDestructive({
    message: `${vm.name} is ${vm.state}. Hyper-V applies this change only to a VM that is off.`,
    detail:
      `${resume}: ${vm.name} resumes where it was, then shuts down as in a normal shutdown (the guest closes its programs).\n\n` +
      `${lose}: ${losing}\n\nEither way, then: ${title}.`,
    safe: resume,
    destructive: lose,
  });
  if (choice === lose) {
    return change(ctx, target, saved ? { kind: 'discard-saved-state', vm } : { kind: 'stop-vm', vm, turnOff: true });
  }
  if (choice !== resume) return 'cancelled';
  const resumed = await change(ctx, target, { kind: 'start-vm', vm });
  return resumed === 'stopped' ? shutDownOrOffer(ctx, target, vm) : resumed;
}

/** A graceful shutdown; when it fails, trying again is the default answer and cutting the power the other. */
async function shutDownOrOffer(ctx: CommandContext, target: HostTarget, vm: VirtualMachine): Promise<OffOutcome> {
  for (;;) {
    const graceful = await change(ctx, target, { kind: 'stop-vm', vm, turnOff: false });
    if (graceful === 'stopped') return graceful;
    const choice = await confirmDestructive({
      message: `${vm.name} did not shut down: ${graceful.error.message}`,
      detail:
        'Try Again asks the guest once more (it may still be starting, or busy). Turn Off cuts its power: unsaved work in the guest is lost.',
      safe: 'Try Again',
      destructive: 'Turn Off',
    });
    if (choice === 'Turn Off') return change(ctx, target, { kind: 'stop-vm', vm, turnOff: true });
    if (choice !== 'Try Again') return 'cancelled';
  }
}

/** One power change on the way to Off, logged with its PowerShell like every action; 'stopped' when it worked. */
async function change(ctx: CommandContext, target: HostTarget, action: GpuPvAction): Promise<Exclude<OffOutcome, 'off' | 'cancelled'>> {
  const step = describeAction(action);
  ctx.log.info(`[${target.node.config.name}] ${step}:\n${powershellPreview(action).join('\n')}`);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `GPU-PV: ${step}…` }, () =>
    target.client.run(action),
  );
  if (!result.ok) return { error: result.error, step };
  await applyAnswer(ctx, target, result.value, 'vm' in action ? action.vm : null);
  return 'stopped';
}

/** The VM as the change left it, its unreadable entry when the host's answer for it cannot be read, or a refresh for a GPU. */
async function applyAnswer(ctx: CommandContext, target: HostTarget, answer: ActionAnswer, vm: VmRef | null): Promise<void> {
  if ('vm' in answer) ctx.store.updateVm(target.node.hostId, answer.vm);
  else if ('unreadable' in answer && vm) ctx.store.markVmUnreadable(target.node.hostId, vm.id, answer.unreadable);
  else await ctx.tree.refresh(target.node);
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
