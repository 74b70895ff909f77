import * as vscode from 'vscode';
import { parseTargetRef } from '../../core/targetRef';
import type { HostNode } from '../tree/hostNode';
import type { CommandContext } from './commandContext';

/** The host a command acts on: the host of the row or reference it was run on, or one the user picks. */
export async function pickHost(ctx: CommandContext, node: unknown): Promise<HostNode | undefined> {
  const hosts = ctx.tree.hosts();
  const ref = parseTargetRef(node);
  const given = ref && hosts.find((h) => h.hostId === ref.hostId);
  if (given) return given;
  if (hosts.length === 0) {
    void vscode.window.showInformationMessage(
      'No Hyper-V host is configured. Run “GPU-PV: Open Demo Hosts” or add one to the gpupv.hosts setting.',
    );
    return undefined;
  }
  if (hosts.length === 1) return hosts[0];
  const picked = await vscode.window.showQuickPick(
    hosts.map((host) => {
      const snapshot = ctx.store.snapshot(host.hostId);
      const facts = snapshot.inventory?.facts;
      return {
        label: host.config.name,
        description: facts ? `${facts.computerName} · ${facts.osCaption}` : host.config.kind,
        detail: snapshot.error?.message,
        host,
      };
    }),
    { title: 'Choose a Hyper-V host', placeHolder: 'Host' },
  );
  return picked?.host;
}
