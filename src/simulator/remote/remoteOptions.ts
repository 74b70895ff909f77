/** Reads the simulator's remote and cluster roles from its environment (set by launchFor). */
import { z } from 'zod/v4';
import { CLUSTER_NODE_STATES, type SimulatedBehaviour } from '../../host/remoteConfig';

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

const behaviour = z.object({ unreachable: z.boolean().optional(), latencyMs: z.number().int().min(0).optional(), sshSubsystem: z.boolean().optional(), trustedHostsRequired: z.boolean().optional() }).strict();
const nodes = z.array(z.object({ name: z.string().min(1), state: z.enum(CLUSTER_NODE_STATES) }).strict());

/** Throws with the variable's name when one is set but not valid. */
export function simulatedRemoteOptions(env: NodeJS.ProcessEnv): SimulatedRemoteOptions {
  const read = <T>(name: string, schema: z.ZodType<T>): T | undefined => {
    const text = env[name];
    if (!text) return undefined;
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${name} is not valid: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  };
  const remote = read('GPUPV_SIM_REMOTE', behaviour);
  const clusterNodes = read('GPUPV_SIM_CLUSTER_NODES', nodes);
  return { ...(remote ? { remote } : {}), ...(clusterNodes ? { clusterNodes } : {}) };
}
