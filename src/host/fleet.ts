/**
 * The hosts behind the configured entries: every entry itself, and for a failover cluster the
 * nodes Get-ClusterNode answers, each a host of its own (a `remote` entry, or for a simulated
 * cluster a simulated host playing one) with a stable id derived from the cluster's and the node's
 * names. Node hosts sign in with the cluster's credentials. A cluster that cannot be reached only
 * fails its own expansion; the other hosts are untouched.
 */
import type { GpuPvError, Result } from '../core/errors';
import { hostId, sameHostConfig, type ClusterConfig, type HostConfig } from './hostConfig';
import { behaviourOf } from './remoteConfig';

export interface ClusterNodeInfo {
  readonly name: string;
  /** Get-ClusterNode's State: Up, Down, Paused, Joining. */
  readonly state: string;
}

export interface ClusterMember {
  readonly id: string;
  readonly clusterId: string;
  readonly node: ClusterNodeInfo;
  readonly config: HostConfig;
}

export interface ClusterSnapshot {
  readonly loading: boolean;
  readonly members: readonly ClusterMember[] | undefined;
  readonly error: GpuPvError | undefined;
  readonly loadedAt: number | undefined;
  readonly failedAt?: number;
}

const EMPTY: ClusterSnapshot = { loading: false, members: undefined, error: undefined, loadedAt: undefined };

export type ClusterNodesLoader = (clusterId: string) => Promise<Result<readonly ClusterNodeInfo[]>>;

export class Fleet {
  private entries: HostConfig[] = [];
  private readonly clusters = new Map<string, ClusterSnapshot>();
  private readonly inflight = new Map<string, Promise<ClusterSnapshot>>();
  private readonly listeners = new Set<(clusterId: string) => void>();

  /** `apply` receives every host that needs a session whenever that set changes. */
  constructor(private readonly apply: (configs: readonly HostConfig[]) => void) {}

  /** The configured entries; expansions of clusters that left or changed are dropped. */
  setConfigs(configs: readonly HostConfig[]): void {
    const clusterIds = new Set(configs.filter((c) => c.kind === 'cluster').map((c) => hostId(c)));
    const changed = configs.filter(
      (c) =>
        c.kind === 'cluster' &&
        !sameHostConfig(
          c,
          this.entries.find((e) => hostId(e) === hostId(c)),
        ),
    );
    for (const id of [...this.clusters.keys()]) if (!clusterIds.has(id)) this.clusters.delete(id);
    for (const cluster of changed) this.clusters.delete(hostId(cluster));
    this.entries = [...configs];
    this.apply(this.configs());
  }

  /** Every host with a session: the entries (clusters included: their session lists the nodes) and the nodes. */
  configs(): HostConfig[] {
    const ids = new Set(this.entries.map((c) => hostId(c)));
    const members = [...this.clusters.values()].flatMap((s) => s.members ?? []).filter((m) => !ids.has(m.id));
    return [...this.entries, ...members.map((m) => m.config)];
  }

  /** The names of the configured entries (a new entry's name must differ). */
  entryNames(): string[] {
    return this.entries.map((c) => c.name);
  }

  snapshot(clusterId: string): ClusterSnapshot {
    return this.clusters.get(clusterId) ?? EMPTY;
  }

  /** The host whose stored credentials a host signs in with: its cluster's for a node, else its own. */
  credentialOwner(id: string): string {
    for (const [clusterId, snapshot] of this.clusters) if (snapshot.members?.some((m) => m.id === id)) return clusterId;
    return id;
  }

  /** The hosts signing in with `ownerId`'s credentials: itself and, for a cluster, its nodes. */
  credentialUsers(ownerId: string): string[] {
    return [ownerId, ...(this.clusters.get(ownerId)?.members ?? []).map((m) => m.id)];
  }

  onDidChange(listener: (clusterId: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Lists the cluster's nodes (once at a time); the last good list stays while a reload fails. */
  expand(clusterId: string, load: ClusterNodesLoader): Promise<ClusterSnapshot> {
    const running = this.inflight.get(clusterId);
    if (running) return running;
    const cluster = this.entries.find((c): c is ClusterConfig => c.kind === 'cluster' && hostId(c) === clusterId);
    if (!cluster) return Promise.resolve(EMPTY);
    this.update(clusterId, { ...this.snapshot(clusterId), loading: true });
    const done = load(clusterId).then((result): ClusterSnapshot => {
      this.inflight.delete(clusterId);
      const next: ClusterSnapshot = result.ok
        ? {
            loading: false,
            members: result.value.map((node) => memberOf(cluster, clusterId, node)),
            error: undefined,
            loadedAt: Date.now(),
          }
        : { ...this.snapshot(clusterId), loading: false, error: result.error, failedAt: Date.now() };
      // A cluster removed while listing must not come back.
      if (!this.entries.some((c) => hostId(c) === clusterId)) return next;
      this.update(clusterId, next);
      if (result.ok) this.apply(this.configs());
      return next;
    });
    this.inflight.set(clusterId, done);
    return done;
  }

  private update(clusterId: string, next: ClusterSnapshot): void {
    this.clusters.set(clusterId, next);
    for (const listener of this.listeners) listener(clusterId);
  }
}

/** A node as a host of its own: the cluster's connection settings, the node's name as the address. */
export function memberOf(cluster: ClusterConfig, clusterId: string, node: ClusterNodeInfo): ClusterMember {
  const { transport, port, useSsl, authentication, userName, keyFilePath } = cluster;
  const connection = { transport, address: node.name, port, useSsl, authentication, userName, keyFilePath };
  // Unique among hosts and stable across reloads: derived from the cluster's name and the node's.
  const name = `${cluster.name}/${node.name}`;
  let config: HostConfig;
  if (cluster.simulated) {
    const simulated = cluster.simulated.nodes.find((n) => n.name.toLowerCase() === node.name.toLowerCase());
    const behaviour = behaviourOf(cluster.simulated);
    config = {
      kind: 'simulated',
      name,
      scenario: simulated?.scenario ?? cluster.simulated.scenario,
      remote: { ...withoutUndefined(connection), ...withoutUndefined(behaviour), ...(node.state === 'Down' ? { unreachable: true } : {}) },
    };
  } else {
    config = { kind: 'remote', name, ...withoutUndefined(connection) };
  }
  return { id: hostId(config), clusterId, node, config };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
