import * as vscode from 'vscode';
import { connectionOf, type HostConfig } from '../../host/hostConfig';
import { ClusterNode } from '../tree/clusterNode';
import type { HostNode } from '../tree/hostNode';
import type { CommandContext } from './commandContext';
import { parseTargetRef } from '../../core/targetRef';

/** A remote host or a failover cluster, as the host-management commands see it. */
export interface ManagedHost {
  readonly id: string;
  readonly config: HostConfig;
  readonly label: string;
  readonly node: HostNode | ClusterNode;
  /** Set for a cluster's node: it is configured (and signs in) through its cluster. */
  readonly clusterId?: string;
}

function managed(node: HostNode | ClusterNode): ManagedHost {
  if (node instanceof ClusterNode) return { id: node.hostId, config: node.config, label: node.label, node };
  return {
    id: node.hostId,
    config: node.config,
    label: node.label,
    node,
    ...(node.options.clusterId ? { clusterId: node.options.clusterId } : {}),
  };
}

/**
 * The remote host or cluster a command acts on: the tree node it was run from, or one the user
 * picks. `includeMembers`: whether a cluster's nodes are candidates (Test Connection) or not
 * (Edit, Remove: those act on the configured entry). `anyKind`: this computer and simulated hosts
 * too (Remove: every host row has a way out of the view).
 */
export async function pickManagedHost(
  ctx: CommandContext,
  node: unknown,
  title: string,
  includeMembers: boolean,
  anyKind = false,
): Promise<ManagedHost | undefined> {
  const candidates = [
    ...ctx.tree.hosts().filter((h) => (anyKind || connectionOf(h.config)) && (includeMembers || !h.options.clusterId)),
    ...ctx.tree.clusters(),
  ];
  const ref = parseTargetRef(node);
  const given = ref && candidates.find((c) => c.hostId === ref.hostId);
  if (given) return managed(given);
  // A cluster's node stands for its cluster in the commands that change the configured entry.
  const member = ref && ctx.tree.hosts().find((h) => h.hostId === ref.hostId && h.options.clusterId);
  const cluster = member && !includeMembers && ctx.tree.clusters().find((c) => c.hostId === member.options.clusterId);
  if (cluster) return managed(cluster);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      anyKind
        ? 'No host is configured.'
        : 'No remote host or failover cluster is configured. Run “GPU-PV: Add Host…” or “GPU-PV: Add Failover Cluster…”.',
    );
    return undefined;
  }
  if (candidates.length === 1) return managed(candidates[0]!);
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => {
      const connection = connectionOf(c.config);
      return {
        label: c.label,
        description: c instanceof ClusterNode ? `failover cluster ${c.config.clusterName}` : connection?.address,
        target: c,
      };
    }),
    { title, placeHolder: 'Host or cluster' },
  );
  return picked && managed(picked.target);
}
