/**
 * Sync Host GPU Driver to VM…: copies the host driver of the GPUs a VM uses into its guest's
 * HostDriverStore. Off: offline, through the VM's disk mounted on the host; Running: online, over
 * PowerShell Direct with the guest credentials kept by the panel (asked once when none are stored).
 * Any other state is refused with what to do: the sync never starts or stops a VM.
 *
 * It runs in the VM's action queue (never beside another change to that VM) in a cancellable
 * progress notification, then refreshes that VM's node only (the host's sync record changed).
 */
import * as vscode from 'vscode';
import { z } from 'zod/v4';
import { describeProgress, type SyncProgress } from '../../core/drivers/sync/progress';
import { describeOutcome, syncModeFor } from '../../core/drivers/sync/syncText';
import type { DriverSyncOutcome } from '../../core/drivers/sync/runDriverSync';
import type { GpuPvError, Result } from '../../core/errors';
import { notificationText } from '../../core/plainText';
import { vmStateText, type VirtualMachine } from '../../core/model';
import { refusedCredentialText } from '../../core/signInGate';
import { syncVmDriver } from '../../host/driverSync';
import type { GuestTarget } from '../../host/protocol';
import { Secret } from '../../host/secrets/secret';
import { findVm, hostTarget, type HostTarget } from '../actions/hostTarget';
import { resolveVm } from '../actions/resolveTarget';
import { runOnVm } from '../actions/runAction';
import { adviceFor } from '../errorAdvice';
import { panelServices } from '../panel/panelServices';
import type { CommandContext } from './commandContext';

export const SYNC_DRIVER_COMMAND = 'gpupv.syncDriver';

/** What the command answers (tests read it); undefined when the user stopped before anything ran. */
export type SyncCommandResult = DriverSyncOutcome['kind'] | 'failed' | 'refused' | undefined;

/** `{ hostId, vmId }`: from the tree's driver row, an error's Retry, tests and other extensions. */
const plainRef = z.object({ hostId: z.string().min(1), vmId: z.string().min(1) });

async function chooseVm(ctx: CommandContext, node: unknown): Promise<{ target: HostTarget; vm: VirtualMachine } | undefined> {
  const ref = plainRef.safeParse(node);
  if (ref.success) {
    const hostNode = ctx.tree.hosts().find((h) => h.hostId === ref.data.hostId);
    if (!hostNode) return undefined;
    const target = await hostTarget(ctx, hostNode);
    if (typeof target === 'string') {
      void vscode.window.showErrorMessage(`GPU-PV: ${target}`);
      return undefined;
    }
    const vm = findVm(target, ref.data.vmId);
    return vm ? { target, vm } : undefined;
  }
  return resolveVm(ctx, node, 'Sync the host GPU driver to a VM', (vm) => vm.adapters.length > 0);
}

export const syncDriverCommand = {
  id: SYNC_DRIVER_COMMAND,
  run: async (ctx: CommandContext, node?: unknown): Promise<SyncCommandResult> => {
    const chosen = await chooseVm(ctx, node);
    if (!chosen) return undefined;
    return syncDriver(ctx, chosen.target, chosen.vm);
  },
};

/**
 * The guest target for the VM's state now, asking for guest credentials once when a running VM has
 * none. Online, the credential is added when the sync signs in (GuestCredentialStore.signIn); one
 * the guest refused before is not tried: the error says so, with Set Guest Credentials.
 */
async function targetFor(
  ctx: CommandContext,
  target: HostTarget,
  vm: VirtualMachine,
): Promise<GuestTarget | 'refused' | 'failed' | undefined> {
  const mode = syncModeFor(vm.name, vm.state);
  if (mode.kind === 'refused') {
    // What works for the VM as it is: start it, and for a Saved VM also discard its saved state (which asks first).
    const fixes = mode.fix === 'start' ? ['Start VM', ...(vm.state === 'Saved' ? ['Discard Saved State…'] : [])] : [];
    // Not awaited: the command ends here, whether or not the user ever answers.
    void vscode.window.showWarningMessage(`GPU-PV: ${mode.message}`, ...fixes).then((choice) => {
      // This VM, so the command does not ask which one.
      const ref = { hostId: target.node.hostId, vmId: vm.id };
      if (choice === 'Start VM') void vscode.commands.executeCommand('gpupv.startVm', ref);
      if (choice === 'Discard Saved State…') void vscode.commands.executeCommand('gpupv.discardSavedState', ref);
    });
    return 'refused';
  }
  if (mode.kind === 'offline') return { Mode: 'Offline', VMId: vm.id };
  const credentials = panelServices()?.credentials;
  if (!credentials) {
    void vscode.window.showErrorMessage('GPU-PV: guest credentials are not available (the extension was not activated with its storage).');
    return undefined;
  }
  const ref = { hostId: target.node.hostId, vmId: vm.id };
  let credential = await credentials.get(ref.hostId, ref.vmId);
  if (!credential) {
    // The same questions as "Set Guest Credentials…"; kept in SecretStorage for the next time.
    await vscode.commands.executeCommand('gpupv.setGuestCredentials', ref);
    credential = await credentials.get(ref.hostId, ref.vmId);
    if (!credential) return undefined;
  }
  if (credential.refusedAt !== undefined) {
    void reportFailure(ctx, target, vm, { id: 'guest-credentials-rejected', message: refusedCredentialText('The guest', credential) });
    return 'failed';
  }
  return { Mode: 'Online', VMId: vm.id };
}

export async function syncDriver(ctx: CommandContext, target: HostTarget, chosen: VirtualMachine): Promise<SyncCommandResult> {
  const hostName = target.node.config.name;
  // The tree may be behind: decide the mode from the VM as the host has it now.
  const fresh = await target.client.vm(chosen.id);
  const vm = fresh.ok ? fresh.value : chosen;
  if (fresh.ok) ctx.store.updateVm(target.node.hostId, vm);
  if (vm.adapters.length === 0) {
    void vscode.window.showInformationMessage(`GPU-PV: ${vm.name} has no GPU partition: assign a GPU first, then sync its driver.`);
    return 'refused';
  }
  const guest = await targetFor(ctx, target, vm);
  if (guest === undefined || guest === 'refused' || guest === 'failed') return guest;

  const title = `Sync host GPU driver to ${vm.name}`;
  const run = await runOnVm(target, vm.id, async () => {
    // Another action may have changed the VM's state while this one waited in the queue.
    const now = await target.client.vm(vm.id);
    if (now.ok && syncModeFor(vm.name, now.value.state).kind !== (guest.Mode === 'Offline' ? 'offline' : 'online')) {
      return { result: null, elapsedMs: 0, cancelRequested: false, changedTo: vmStateText(now.value) };
    }
    ctx.log.info(
      `[${hostName}] ${title} (${guest.Mode.toLowerCase()}): Get-DriverPackages, Get-DriverFileList, ` +
        (guest.Mode === 'Offline'
          ? 'Mount-VHD of its system disk, copy, Get-FileHash, renames, Dismount-VHD'
          : 'PowerShell Direct session, one zip archive per call + Copy-Item -ToSession, expanded in the guest, Get-FileHash, renames'),
    );
    const started = Date.now();
    let cancelRequested = false;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `GPU-PV: ${title}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => {
          cancelRequested = true;
          controller.abort();
          ctx.log.info(`[${hostName}] ${vm.name}: cancel requested; the current copy call finishes first.`);
        });
        let stagingStarted: number | undefined;
        let reportedPercent = 0;
        const onProgress = (p: SyncProgress): void => {
          if (p.phase === 'staging' && stagingStarted === undefined) stagingStarted = Date.now();
          const percent = p.bytesTotal > 0n ? Number((p.bytesDone * 1000n) / p.bytesTotal) / 10 : 0;
          const increment = Math.max(0, percent - reportedPercent);
          reportedPercent = Math.max(reportedPercent, percent);
          progress.report({ message: describeProgress(p, stagingStarted === undefined ? 0 : Date.now() - stagingStarted), increment });
        };
        const options = {
          signal: controller.signal,
          onProgress,
          onNote: (note: string) => ctx.log.info(`[${hostName}] ${vm.name}: ${note}`),
        };
        try {
          if (guest.Mode === 'Offline') return await syncVmDriver(target.client, vm, target.inventory.gpus, guest, options);
          return await panelServices()!.credentials.signIn(target.node.hostId, vm.id, (credential) =>
            syncVmDriver(
              target.client,
              vm,
              target.inventory.gpus,
              { ...guest, Credential: { UserName: credential.userName, Password: new Secret(credential.password) } },
              options,
            ),
          );
        } finally {
          cancel.dispose();
        }
      },
    );
    // The host's sync record (and a mount) changed: refresh this VM's node, nothing else.
    const after = await target.client.vmEntry(vm.id);
    if (after.ok) ctx.store.applyVmEntry(target.node.hostId, vm.id, after.value);
    return { result, elapsedMs: Date.now() - started, cancelRequested, changedTo: null };
  });

  // Messages wait for the user: only once the VM's queue has moved on.
  if (run.changedTo !== null) {
    void vscode.window.showWarningMessage(
      `GPU-PV: ${vm.name} is ${run.changedTo} now, no longer ${vmStateText(vm)}: nothing was synced. Run the sync again.`,
    );
    return 'refused';
  }
  return report(ctx, target, vm, run.result!, run.elapsedMs, run.cancelRequested);
}

async function report(
  ctx: CommandContext,
  target: HostTarget,
  vm: VirtualMachine,
  result: Result<DriverSyncOutcome>,
  elapsedMs: number,
  cancelRequested: boolean,
): Promise<SyncCommandResult> {
  const hostName = target.node.config.name;
  if (!result.ok) {
    ctx.log.warn(
      `[${hostName}] Sync host GPU driver to ${vm.name} failed: ${result.error.id}: ${result.error.message}${result.error.detail ? ` | ${result.error.detail}` : ''}`,
    );
    void reportFailure(ctx, target, vm, result.error);
    return 'failed';
  }
  const outcome = result.value;
  let text = describeOutcome(outcome, vm.name, elapsedMs);
  if (cancelRequested && outcome.kind !== 'cancelled')
    text += ' (The cancel came after the new packages were being put in place, so the sync finished.)';
  if (outcome.kind !== 'cancelled' && outcome.stats.skipped.length > 0)
    for (const s of outcome.stats.skipped) ctx.log.info(`[${hostName}] ${vm.name}: skipped ${s}`);
  ctx.log.info(`[${hostName}] ${text}`);
  // Package names come from the guest's listing: shown as text, never as a link.
  void vscode.window.showInformationMessage(`GPU-PV: ${notificationText(text)}`);
  return outcome.kind;
}

async function reportFailure(ctx: CommandContext, target: HostTarget, vm: VirtualMachine, error: GpuPvError): Promise<void> {
  const ref = { hostId: target.node.hostId, vmId: vm.id };
  const advice = adviceFor(error);
  const fix = advice.action && advice.action.command !== 'gpupv.showLog' ? advice.action : undefined;
  const buttons = [...(fix ? [fix.title] : []), ...(advice.retry ? ['Retry'] : []), 'Show Log'];
  // The advice goes into the message: VS Code shows a message's `detail` only in modal dialogs.
  // The message may quote what a running guest answered: shown as text, never as a link.
  const choice = await vscode.window.showErrorMessage(
    notificationText(`GPU-PV: Sync host GPU driver to ${vm.name} failed. ${error.message} ${advice.advice}`),
    ...buttons,
  );
  if (choice === 'Show Log') return ctx.log.show(true);
  if (choice === 'Retry') {
    await vscode.commands.executeCommand(SYNC_DRIVER_COMMAND, ref);
    return;
  }
  if (fix && choice === fix.title) {
    if (fix.command === 'gpupv.setGuestCredentials') {
      // New credentials for this VM, then the sync the user asked for.
      await vscode.commands.executeCommand(fix.command, ref);
      // Only new credentials: the ones refused are not tried again (cancelling the questions keeps them).
      const now = await panelServices()?.credentials.get(ref.hostId, ref.vmId);
      if (now && now.refusedAt === undefined) await vscode.commands.executeCommand(SYNC_DRIVER_COMMAND, ref);
      return;
    }
    await vscode.commands.executeCommand(fix.command, ...(fix.arguments ?? []));
  }
}
