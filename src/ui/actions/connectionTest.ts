/**
 * Connects a remote host or cluster anew (a new shell, so new credentials or settings apply) and
 * says how it went: connected to which computer, or the error with the action that fixes it.
 */
import * as vscode from 'vscode';
import { grantHyperVAdministrators } from '../../core/actions/powershellPreview';
import type { GpuPvError } from '../../core/errors';
import { plural } from '../../core/format';
import { connectionOf } from '../../host/hostConfig';
import type { CommandContext } from '../commands/commandContext';
import type { ManagedHost } from '../commands/pickManagedHost';
import { adviceFor, isThisComputersProblem } from '../errorAdvice';
import { ClusterNode } from '../tree/clusterNode';

export type ConnectionOutcome = { readonly ok: true; readonly summary: string } | { readonly ok: false; readonly error: GpuPvError };

export async function testConnection(ctx: CommandContext, target: ManagedHost): Promise<ConnectionOutcome> {
  ctx.pool.retrySignIn(target.id);
  await ctx.pool.restart(target.id);
  const node = target.node;
  if (node instanceof ClusterNode) {
    await ctx.tree.expand(node);
    const snapshot = ctx.fleet.snapshot(target.id);
    if (snapshot.error) return { ok: false, error: snapshot.error };
    const nodes = (snapshot.members ?? []).map((m) => `${m.node.name} (${m.node.state})`).join(', ');
    return { ok: true, summary: `${target.label}: ${plural(snapshot.members?.length ?? 0, 'node')}: ${nodes}` };
  }
  await ctx.tree.refresh(node);
  const snapshot = ctx.store.snapshot(target.id);
  if (snapshot.error || !snapshot.inventory)
    return { ok: false, error: snapshot.error ?? { id: 'hyperv-error', message: 'The host answered nothing.' } };
  const facts = snapshot.inventory.facts;
  return { ok: true, summary: `connected to ${target.label}: ${facts.computerName}, ${facts.osCaption}, PowerShell ${facts.psVersion}` };
}

/** Tells the outcome; a failure's message offers its fix (Set Credentials…, Edit Host…). */
export async function reportConnection(ctx: CommandContext, target: ManagedHost, outcome: ConnectionOutcome): Promise<void> {
  if (outcome.ok) {
    ctx.log.info(`Test connection: ${outcome.summary}`);
    void vscode.window.showInformationMessage(`GPU-PV: ${outcome.summary}.`);
    return;
  }
  const advice = adviceFor(outcome.error);
  const action = advice.action;
  const grant = outcome.error.id === 'remote-not-hyperv-admin' ? await grantCommand(ctx, target) : undefined;
  // A shell that cannot start here never tried the host: saying it "cannot be reached" blames the wrong machine.
  const what = isThisComputersProblem(outcome.error) ? `${target.label} was not tried` : `${target.label} cannot be reached`;
  const choice = await vscode.window.showErrorMessage(
    `GPU-PV: ${what}: ${outcome.error.message} ${advice.advice}${grant ? ` For this account: ${grant}` : ''}`,
    ...(grant ? [COPY] : []),
    ...(action ? [action.title] : []),
  );
  if (grant && choice === COPY) await vscode.env.clipboard.writeText(grant);
  else if (action && choice === action.title)
    await vscode.commands.executeCommand(action.command, ...(action.arguments ?? []), ...(action.forHost ? [target.node] : []));
}

const COPY = 'Copy PowerShell';

/** The line that lets the account the host refused use Hyper-V, when we know the account. */
async function grantCommand(ctx: CommandContext, target: ManagedHost): Promise<string | undefined> {
  const connection = connectionOf(target.config);
  const account =
    connection?.transport === 'ssh' ? connection.userName : (await ctx.hostCredentials.get(ctx.fleet.credentialOwner(target.id)))?.userName;
  return account ? grantHyperVAdministrators(account) : undefined;
}
