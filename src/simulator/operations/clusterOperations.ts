/**
 * Get-ClusterNodes as our module runs it: Get-ClusterNode's nodes (name, state, id), or the
 * module's own 'cluster-module-missing' when the host has no FailoverClusters module, which is
 * every simulated host that is not told it answers for a cluster.
 */
import type { ModelResult } from '../hyperv/model';
import { PsPipeline, type PsValue } from '../output/psValue';
import type { ClusterNodeState } from '../remote/remoteOptions';

export type ClusterNodes = readonly ClusterNodeState[] | undefined;

export function getClusterNodes(cluster: ClusterNodes): ModelResult<PsValue> {
  if (!cluster) {
    return {
      ok: false,
      error: {
        id: 'cluster-module-missing',
        message: 'The FailoverClusters PowerShell module is not available on this host (Get-ClusterNode).',
        category: 'ObjectNotFound',
        fullyQualifiedErrorId: 'ClusterModuleMissing,Invoke-GpuPv',
      },
    };
  }
  // The module answers the State enum by name ([string] $_.State) and the Id as a string.
  return { ok: true, value: new PsPipeline(cluster.map((node, index) => ({ Name: node.name, State: node.state, Id: String(index + 1) }))) };
}
