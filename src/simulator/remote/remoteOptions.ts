/** Reads the simulator's remote and cluster roles from its environment (set by launchFor). */
import { z } from 'zod/v4';
import {
  clusterNodeStatesSchema,
  simulatedBehaviourSchema,
  type CLUSTER_NODE_STATES,
  type SimulatedBehaviour,
} from '../../host/remoteConfig';

export interface ClusterNodeState {
  readonly name: string;
  readonly state: (typeof CLUSTER_NODE_STATES)[number];
}

export interface SimulatedRemoteOptions {
  /** Set: the host plays a remote one and must be connected before it answers calls. */
  readonly remote?: SimulatedBehaviour;
  /** Set: the host answers Get-ClusterNodes with these nodes; otherwise FailoverClusters is missing. */
  readonly clusterNodes?: readonly ClusterNodeState[];
}

/** Throws with the variable's name when one is set but not valid. */
export function simulatedRemoteOptions(env: NodeJS.ProcessEnv): SimulatedRemoteOptions {
  const read = <T>(name: string, schema: z.ZodType<T>): T | undefined => {
    const text = env[name];
    if (!text) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`${name} is not JSON: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error(`${name} is not valid: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  };
  const remote = read('GPUPV_SIM_REMOTE', simulatedBehaviourSchema);
  const clusterNodes = read('GPUPV_SIM_CLUSTER_NODES', clusterNodeStatesSchema);
  return { ...(remote ? { remote } : {}), ...(clusterNodes ? { clusterNodes } : {}) };
}
