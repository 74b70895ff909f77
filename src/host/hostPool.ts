/**
 * One session and client per configured host, created on first use (never at activation) and
 * disposed when the host leaves the configuration or its launch settings change.
 */
import { silentLogger, type Logger } from '../core/logger';
import { SignInGate, type RefusedKeyStore } from '../core/signInGate';
import { HostClient } from './hostClient';
import { connectionOf, hostId, launchFor, type HostConfig, type LaunchEnvironment } from './hostConfig';
import { sshKeyIdentity, type CredentialSource } from './remoteLaunch';
import { PowerShellSession, type SessionOptions } from './session';

interface PooledHost {
  readonly config: HostConfig;
  readonly fingerprint: string;
  session?: PowerShellSession;
  client?: HostClient;
}

export class HostPool {
  private readonly hosts = new Map<string, PooledHost>();
  /** One for all hosts: a cluster's nodes sign in with the cluster's credential. */
  private readonly signIns: SignInGate;

  constructor(
    private environment: LaunchEnvironment,
    private sessionOptions: SessionOptions,
    private readonly log: Logger = silentLogger,
    /** Remote hosts' stored credentials, read when a shell connects (never kept here). */
    private readonly credentials?: CredentialSource,
    /** Where refused SSH keys outlive this pool (a reload); in memory only without it. */
    refusedKeys?: RefusedKeyStore,
  ) {
    this.signIns = new SignInGate(refusedKeys);
  }

  /** Replaces the host list; returns the ids of hosts whose sessions were closed. */
  setHosts(configs: readonly HostConfig[]): string[] {
    const closed: string[] = [];
    const wanted = new Map(configs.map((config) => [hostId(config), config]));
    for (const [id, pooled] of this.hosts) {
      const next = wanted.get(id);
      if (!next || this.fingerprint(next) !== pooled.fingerprint) {
        void pooled.session?.dispose();
        this.hosts.delete(id);
        closed.push(id);
      }
    }
    for (const [id, config] of wanted) {
      if (!this.hosts.has(id)) this.hosts.set(id, { config, fingerprint: this.fingerprint(config) });
    }
    return closed;
  }

  /** New launch settings (executable, timeouts) apply to every host: close all sessions. */
  reconfigure(environment: LaunchEnvironment, sessionOptions: SessionOptions): void {
    this.environment = environment;
    this.sessionOptions = sessionOptions;
    const configs = [...this.hosts.values()].map((h) => h.config);
    this.disposeSessions();
    this.setHosts(configs);
  }

  configs(): HostConfig[] {
    return [...this.hosts.values()].map((h) => h.config);
  }

  config(id: string): HostConfig | undefined {
    return this.hosts.get(id)?.config;
  }

  client(id: string): HostClient | undefined {
    const pooled = this.hosts.get(id);
    if (!pooled) return undefined;
    if (!pooled.client) {
      pooled.session = new PowerShellSession(launchFor(pooled.config, this.environment, this.credentials, this.signIns), {
        ...this.sessionOptions,
        log: this.log,
      });
      pooled.client = new HostClient(pooled.session, pooled.config.name, this.log);
    }
    return pooled.client;
  }

  /** Whether a shell process exists or is starting for this host. */
  hasSession(id: string): boolean {
    return this.hosts.get(id)?.session !== undefined;
  }

  /**
   * Test Connection: an SSH key the host refused is offered once more (a stored password is not: it
   * waits for new ones); for a cluster, the key its nodes refused too: they sign in with its settings.
   */
  retrySignIn(ownerId: string): void {
    for (const [id, pooled] of this.hosts) {
      if (id !== ownerId && this.credentials?.ownerOf(id) !== ownerId) continue;
      const connection = connectionOf(pooled.config);
      if (connection?.transport === 'ssh') this.signIns.retryKey(sshKeyIdentity(connection));
    }
  }

  /** Ends a host's shell so the next call connects anew (new credentials, Test Connection). */
  async restart(id: string): Promise<void> {
    await this.hosts.get(id)?.session?.restartShell();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((h) => h.session?.dispose()));
    this.hosts.clear();
  }

  private disposeSessions(): void {
    for (const pooled of this.hosts.values()) void pooled.session?.dispose();
    this.hosts.clear();
  }

  /**
   * The entry and its launch: a remote host's connection settings are in its sign-in, a function
   * that JSON leaves out, so the entry itself must be part of it (or an edited port, SSL or user
   * would keep signing in with the old one until a reload).
   */
  private fingerprint(config: HostConfig): string {
    return JSON.stringify([config, launchFor(config, this.environment)]);
  }
}
