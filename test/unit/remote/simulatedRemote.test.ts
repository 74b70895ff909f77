/**
 * Issue 6 §1, simulated: a simulated host playing a remote one, through the production session and
 * client, with the very connect line a real remote host's shell gets. Wrong credentials fail with
 * their id and nothing else reaches the host; an unreachable host fails within its time while
 * another host answers; a simulated failover cluster expands to node hosts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GpuPvError, Result } from '../../../src/core/errors';
import { Fleet } from '../../../src/host/fleet';
import { hostConfigSchema, hostId, type HostConfig } from '../../../src/host/hostConfig';
import { HostPool } from '../../../src/host/hostPool';
import type { RemoteCredential } from '../../../src/host/remoteLaunch';
import { REPO_ROOT, startSimulatedHost, type SimulatedHost, type SimulatedHostOptions } from '../../support/simulatedHost';

const ADMIN: RemoteCredential = { userName: 'CONTOSO\\hvadmin', password: 'gpupv' };

function errorOf<T>(result: Result<T>): GpuPvError {
  assert.equal(result.ok, false, 'expected a failure');
  return (result as { ok: false; error: GpuPvError }).error;
}

/** The local shell's key, asked for before the connect line, whose password is sealed to it. */
const KEY_ASKED = { operation: 'Get-SessionKey', args: {} };

function received(host: SimulatedHost): unknown[] {
  const file = path.join(host.simDir, 'received.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
}

describe('simulated remote hosts through the production session (issue 6 §1)', function () {
  this.timeout(30_000);
  const hosts: SimulatedHost[] = [];
  const start = (options: SimulatedHostOptions): SimulatedHost => {
    const host = startSimulatedHost({ scenario: 'server2025-sriov', recordReceived: true, callTimeoutMs: 10_000, ...options });
    hosts.push(host);
    return host;
  };
  after(async () => {
    await Promise.all(hosts.map((h) => h.dispose()));
  });

  it('connects with the scenario’s account (its password sealed to the local shell’s key), then every call runs on the remote host', async () => {
    const host = start({ remote: { transport: 'winrm', address: 'hv1.contoso.test', useSsl: true }, credential: ADMIN });
    const inventory = await host.client.inventory();
    assert.ok(inventory.ok, inventory.ok ? '' : inventory.error.message);
    assert.equal(inventory.value.facts.computerName, 'GPU-SRV01');
    assert.deepEqual(received(host), [KEY_ASKED, { connect: true }, { operation: 'Get-Inventory', args: {} }]);
    assert.equal(host.session.shellsStarted, 1);
  });

  it('a wrong password fails as remote-auth-failed, and nothing else runs on the host', async () => {
    const host = start({
      remote: { transport: 'winrm', address: 'hv1' },
      credential: { userName: 'CONTOSO\\hvadmin', password: 'falsch' },
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = errorOf(await host.client.inventory());
      assert.equal(error.id, 'remote-auth-failed');
      assert.match(error.detail ?? '', /Connecting to remote server hv1 failed with the following error message : Access is denied/);
      assert.equal(host.session.state, 'stopped', 'the shell that failed to connect is gone');
    }
    assert.deepEqual(
      received(host),
      [KEY_ASKED, { connect: true }, KEY_ASKED, { connect: true }],
      'each attempt is a new shell with a new key and connects anew; no call ever arrives',
    );
  });

  it('without a stored account (sign in as yourself) the host refuses with remote-auth-failed', async () => {
    const host = start({ remote: { transport: 'winrm', address: 'hv1' } });
    assert.equal(errorOf(await host.client.hostFacts()).id, 'remote-auth-failed');
  });

  it('an account outside Hyper-V Administrators is refused at connection with remote-not-hyperv-admin', async () => {
    const host = start({ remote: { transport: 'winrm', address: 'hv1' }, credential: { userName: 'CONTOSO\\auditor', password: 'gpupv' } });
    const error = errorOf(await host.client.inventory());
    assert.equal(error.id, 'remote-not-hyperv-admin');
    assert.match(error.message, /Hyper-V Administrators on GPU-SRV01/);
  });

  it('WinRM over HTTP to a workgroup host needs TrustedHosts; over HTTPS it connects', async () => {
    const http = start({
      name: 'Workgroup HTTP',
      remote: { transport: 'winrm', address: '192.168.1.20', trustedHostsRequired: true },
      credential: ADMIN,
    });
    assert.equal(errorOf(await http.client.inventory()).id, 'remote-trusted-hosts');
    const https = start({
      name: 'Workgroup HTTPS',
      remote: { transport: 'winrm', address: '192.168.1.20', useSsl: true, trustedHostsRequired: true },
      credential: ADMIN,
    });
    assert.ok((await https.client.inventory()).ok);
  });

  it('SSH: a host without the powershell subsystem fails as remote-ssh-subsystem; with it, a key signs in', async () => {
    const bare = start({
      name: 'SSH bare',
      remote: { transport: 'ssh', address: 'hv2', userName: 'hvadmin', keyFilePath: '/keys/id', sshSubsystem: false },
    });
    assert.equal(errorOf(await bare.client.inventory()).id, 'remote-ssh-subsystem');
    const noKey = start({ name: 'SSH no key', remote: { transport: 'ssh', address: 'hv2', userName: 'hvadmin' } });
    assert.equal(errorOf(await noKey.client.inventory()).id, 'remote-auth-failed');
    const ok = start({ name: 'SSH ok', remote: { transport: 'ssh', address: 'hv2', userName: 'hvadmin', keyFilePath: '/keys/id' } });
    assert.ok((await ok.client.inventory()).ok);
  });

  it('an unreachable host fails within its time, while another host answers normally meanwhile', async () => {
    const unreachable = start({
      name: 'Unreachable',
      remote: { transport: 'winrm', address: 'gone', unreachable: true, latencyMs: 2500 },
      credential: ADMIN,
    });
    const healthy = start({ name: 'Healthy', scenario: 'win11-workstation' });
    const started = Date.now();
    let healthyDoneAt = 0;
    const [failed, answered] = await Promise.all([
      unreachable.client.inventory(),
      healthy.client.inventory().then((r) => {
        healthyDoneAt = Date.now() - started;
        return r;
      }),
    ]);
    const failedAt = Date.now() - started;
    assert.ok(answered.ok, 'the other host answers');
    assert.equal(errorOf(failed).id, 'remote-unreachable');
    assert.ok(healthyDoneAt < 2500, `the other host was not held up (${healthyDoneAt} ms)`);
    assert.ok(failedAt >= 2400 && failedAt < 8000, `fails after its latency, not later (${failedAt} ms)`);
  });

  it('a host that never answers the connection fails as remote-unreachable at the start timeout', async () => {
    const host = start({
      name: 'Silent',
      remote: { transport: 'winrm', address: 'silent', latencyMs: 600_000 },
      credential: ADMIN,
      startTimeoutMs: 1500,
    });
    const started = Date.now();
    const error = errorOf(await host.client.inventory());
    assert.equal(error.id, 'remote-unreachable');
    assert.ok(Date.now() - started < 5000);
  });

  it('a host that is not a cluster node answers Get-ClusterNodes with cluster-module-missing', async () => {
    const host = start({ name: 'No cluster', scenario: 'win11-workstation' });
    assert.equal(errorOf(await host.client.clusterNodes()).id, 'cluster-module-missing');
  });
});

describe('a simulated failover cluster expands to node hosts (issue 6 §2)', function () {
  this.timeout(30_000);
  const storagePath = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-cluster-'));
  const cluster = hostConfigSchema.parse({
    kind: 'cluster',
    name: 'Lab cluster',
    clusterName: 'HV-CLUSTER',
    transport: 'winrm',
    simulated: {
      scenario: 'server2025-sriov',
      nodes: [
        { name: 'HV-NODE1', scenario: 'server2025-sriov' },
        { name: 'HV-NODE2', scenario: 'win11-workstation' },
        { name: 'HV-NODE3', scenario: 'win10-laptop', state: 'Down' },
      ],
    },
  }) as HostConfig;
  const clusterId = hostId(cluster);
  const asked: string[] = [];
  const pool = new HostPool(
    { extensionPath: REPO_ROOT, storagePath, powershellExecutable: 'pwsh', nodeExecutable: process.execPath },
    { callTimeoutMs: 10_000, startTimeoutMs: 15_000 },
    undefined,
    (id) => {
      asked.push(id);
      // Only the cluster has stored credentials; its nodes are given them through credentialOwner.
      return Promise.resolve(fleet.credentialOwner(id) === clusterId ? ADMIN : undefined);
    },
  );
  const fleet = new Fleet((configs) => pool.setHosts(configs));

  after(async () => {
    await pool.dispose();
    fs.rmSync(storagePath, { recursive: true, force: true });
  });

  it('lists the nodes with Get-ClusterNode on the cluster name, each a host with a stable id', async () => {
    fleet.setConfigs([cluster]);
    const snapshot = await fleet.expand(clusterId, (id) => pool.client(id)!.clusterNodes());
    assert.ok(!snapshot.error, snapshot.error?.message);
    assert.deepEqual(
      snapshot.members?.map((m) => [m.node.name, m.node.state]),
      [
        ['HV-NODE1', 'Up'],
        ['HV-NODE2', 'Up'],
        ['HV-NODE3', 'Down'],
      ],
    );
    const ids = snapshot.members!.map((m) => m.id);
    assert.equal(new Set(ids).size, 3);
    const again = await fleet.expand(clusterId, (id) => pool.client(id)!.clusterNodes());
    assert.deepEqual(
      again.members!.map((m) => m.id),
      ids,
      'the same ids on the next listing',
    );
    assert.deepEqual(
      pool
        .configs()
        .map((c) => hostId(c))
        .sort(),
      [clusterId, ...ids].sort(),
      'the nodes have sessions of their own',
    );
    for (const member of snapshot.members!) {
      assert.equal(fleet.credentialOwner(member.id), clusterId);
      assert.equal(member.config.kind === 'simulated' && member.config.remote?.address, member.node.name);
    }
  });

  it('each Up node connects with the cluster’s credentials and answers; a Down node is unreachable and holds no one up', async () => {
    const members = fleet.snapshot(clusterId).members!;
    const results = await Promise.all(members.map((m) => pool.client(m.id)!.inventory()));
    assert.ok(results[0]!.ok && results[0].value.facts.computerName === 'GPU-SRV01');
    assert.ok(results[1]!.ok && results[1].value.facts.computerName === 'GPU-WORKSTATION');
    assert.equal(errorOf(results[2]!).id, 'remote-unreachable');
    assert.ok(members.every((m) => asked.includes(m.id)));
  });

  it('a cluster removed from the settings drops its nodes', () => {
    fleet.setConfigs([]);
    assert.deepEqual(pool.configs(), []);
    assert.equal(fleet.snapshot(clusterId).members, undefined);
  });
});
