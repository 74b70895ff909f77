/**
 * Simulated: a simulated host playing a remote one, through the production session and
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
import { hostConfigSchema, hostId, simulatedHostDir, type HostConfig } from '../../../src/host/hostConfig';
import { HostPool } from '../../../src/host/hostPool';
import type { CredentialSource, RemoteCredential } from '../../../src/host/remoteLaunch';
import { memoryCredentials } from '../../support/credentials';
import { REPO_ROOT, startSimulatedHost, type SimulatedHost, type SimulatedHostOptions } from '../../support/simulatedHost';

const ADMIN: RemoteCredential = { userName: 'CONTOSO\\hvadmin', password: 'gpupv' };

function errorOf<T>(result: Result<T>): GpuPvError {
  assert.equal(result.ok, false, 'expected a failure');
  return (result as { ok: false; error: GpuPvError }).error;
}

/** The local shell's key, asked for before the connect line, whose password is sealed to it. */
const KEY_ASKED = { operation: 'Get-SessionKey', args: {} };

function received(host: SimulatedHost): unknown[] {
  return receivedIn(host.simDir);
}

/** What a simulated host's folder recorded it received (GPUPV_SIM_RECORD=1), one value per line. */
function receivedIn(simDir: string): unknown[] {
  const file = path.join(simDir, 'received.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
}

/** The sign-ins a simulated host received so far (it records them while GPUPV_SIM_RECORD=1; its folder outlives edits of the entry). */
function signInsReceived(config: HostConfig, storagePath: string): number {
  return receivedIn(simulatedHostDir(config, storagePath)).filter((line) => JSON.stringify(line) === '{"connect":true}').length;
}

/** The suite's simulated hosts record what they receive (GPUPV_SIM_RECORD=1); the variable is restored after it. */
function recordWhatHostsReceive(): void {
  const recording = process.env.GPUPV_SIM_RECORD;
  before(() => (process.env.GPUPV_SIM_RECORD = '1'));
  after(() => {
    if (recording === undefined) delete process.env.GPUPV_SIM_RECORD;
    else process.env.GPUPV_SIM_RECORD = recording;
  });
}

/** A pool on simulated hosts under `storagePath`, with a test's session options. */
function simulatedPool(storagePath: string, credentials?: CredentialSource): HostPool {
  return new HostPool(
    { extensionPath: REPO_ROOT, storagePath, powershellExecutable: 'pwsh', nodeExecutable: process.execPath },
    { callTimeoutMs: 10_000, startTimeoutMs: 15_000 },
    undefined,
    credentials,
  );
}

describe('simulated remote hosts through the production session', function () {
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

  it('a wrong password fails as remote-auth-failed once; it is not sent again, and nothing else runs on the host', async () => {
    const host = start({
      remote: { transport: 'winrm', address: 'hv1' },
      credential: { userName: 'CONTOSO\\hvadmin', password: 'falsch' },
    });
    const first = errorOf(await host.client.inventory());
    assert.equal(first.id, 'remote-auth-failed');
    assert.match(first.detail ?? '', /Connecting to remote server hv1 failed with the following error message : Access is denied/);
    assert.equal(host.session.state, 'stopped', 'the shell that failed to connect is gone');
    for (let attempt = 0; attempt < 3; attempt++) {
      const again = errorOf(await host.client.inventory());
      assert.equal(again.id, 'remote-auth-failed');
      assert.match(
        again.message,
        /refused the stored credentials of CONTOSO\\hvadmin at .*They are not tried again until you set new ones/,
      );
    }
    assert.deepEqual(received(host), [KEY_ASKED, { connect: true }], 'one sign-in; no call ever arrives');
    assert.equal(host.session.shellsStarted, 1, 'a refused credential starts no shell');
    // New credentials are tried, once, in a new shell with a new key.
    host.credentials.stored.set(hostId(host.config), ADMIN);
    assert.ok((await host.client.hostFacts()).ok);
    assert.deepEqual(received(host).slice(0, 4), [KEY_ASKED, { connect: true }, KEY_ASKED, { connect: true }]);
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

  it('an account with an apostrophe signs in as itself: CONTOSO\\O’Brien is found, and refused only for not being a Hyper-V administrator', async () => {
    const oBrien = { userName: "CONTOSO\\O'Brien", password: 'gpupv' };
    const host = start({ remote: { transport: 'winrm', address: 'hv1' }, credential: oBrien });
    assert.equal(errorOf(await host.client.inventory()).id, 'remote-not-hyperv-admin');
    const wrong = start({ remote: { transport: 'winrm', address: 'hv1' }, credential: { ...oBrien, userName: 'CONTOSO\\OBrien' } });
    assert.equal(errorOf(await wrong.client.inventory()).id, 'remote-auth-failed', 'without the apostrophe it is another account');
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

describe('a simulated failover cluster expands to node hosts', function () {
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
  // Only the cluster has stored credentials; its nodes are given them through credentialOwner.
  const credentials = memoryCredentials(
    ADMIN,
    (id) => {
      asked.push(id);
      return fleet.credentialOwner(id);
    },
    [clusterId],
  );
  const pool = simulatedPool(storagePath, credentials);
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

  it('a wrong password for the cluster is tried once, not once per node: the nodes refreshing at once sign in once in all', async () => {
    // A Down node is never reached, so it is never asked to sign in: the Up ones are.
    const members = fleet.snapshot(clusterId).members!.filter((m) => m.node.state === 'Up');
    const signIns = () => [cluster, ...members.map((m) => m.config)].reduce((sum, c) => sum + signInsReceived(c, storagePath), 0);
    const recording = process.env.GPUPV_SIM_RECORD;
    process.env.GPUPV_SIM_RECORD = '1';
    try {
      credentials.stored.set(clusterId, { userName: ADMIN.userName, password: 'nicht-das-Passwort' });
      await Promise.all([clusterId, ...members.map((m) => m.id)].map((id) => pool.restart(id)));
      const before = signIns();
      const results = await Promise.all([
        pool.client(clusterId)!.clusterNodes(),
        ...members.map((m) => pool.client(m.id)!.inventory()),
        ...members.map((m) => pool.client(m.id)!.inventory()),
      ]);
      assert.ok(results.every((r) => !r.ok));
      assert.equal(signIns() - before, 1, 'one refused sign-in in all');
      assert.equal(errorOf(results[0]!).id, 'remote-auth-failed');
      assert.ok(credentials.stored.get(clusterId)?.refusedAt, 'the refusal is kept with the cluster’s credential');
    } finally {
      if (recording === undefined) delete process.env.GPUPV_SIM_RECORD;
      else process.env.GPUPV_SIM_RECORD = recording;
      credentials.stored.delete(clusterId);
    }
  });

  it('a cluster removed from the settings drops its nodes', () => {
    fleet.setConfigs([]);
    assert.deepEqual(pool.configs(), []);
    assert.equal(fleet.snapshot(clusterId).members, undefined);
  });
});

describe('a refused SSH key through the host pool', function () {
  this.timeout(60_000);
  const storagePath = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-sshkey-'));
  const pool = simulatedPool(storagePath);
  const entry = (userName: string): HostConfig =>
    hostConfigSchema.parse({
      kind: 'simulated',
      name: 'SSH lab',
      scenario: 'server2025-sriov',
      remote: { transport: 'ssh', address: 'hv2', userName, keyFilePath: '/keys/id' },
    }) as HostConfig;
  recordWhatHostsReceive();
  after(async () => {
    await pool.dispose();
    fs.rmSync(storagePath, { recursive: true, force: true });
  });

  const signIns = (config: HostConfig): number => signInsReceived(config, storagePath);

  it('is offered once whatever calls and new shells follow; Test Connection offers it once more; another user is tried', async () => {
    const refused = entry('nobody');
    const id = hostId(refused);
    pool.setHosts([refused]);
    const first = errorOf(await pool.client(id)!.inventory());
    assert.equal(first.id, 'remote-auth-failed');
    assert.match(first.detail ?? '', /Permission denied \(publickey/);
    for (let i = 0; i < 3; i++) {
      await pool.restart(id);
      const again = errorOf(await pool.client(id)!.inventory());
      assert.equal(again.id, 'remote-auth-failed');
      assert.match(again.message, /^SSH lab refused the SSH key \/keys\/id of nobody at .*not offered again until you change/);
    }
    assert.equal(signIns(refused), 1, 'refreshes and new shells did not offer the key again');

    pool.retrySignIn(id);
    await pool.restart(id);
    assert.equal(errorOf(await pool.client(id)!.inventory()).id, 'remote-auth-failed');
    assert.equal(signIns(refused), 2, 'Test Connection offered it once more, once');

    const edited = entry('hvadmin');
    pool.setHosts([edited]);
    const inventory = await pool.client(hostId(edited))!.inventory();
    assert.ok(inventory.ok, inventory.ok ? '' : inventory.error.message);
    assert.equal(signIns(edited), 3, 'the edited user signed in at once');
  });
});

describe('a refused SSH key on a cluster node', function () {
  this.timeout(60_000);
  const storagePath = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-cluster-sshkey-'));
  // The cluster and its first node know hvadmin; the second node's scenario has no such account.
  const cluster = hostConfigSchema.parse({
    kind: 'cluster',
    name: 'SSH cluster',
    clusterName: 'HV-CLUSTER',
    transport: 'ssh',
    userName: 'hvadmin',
    keyFilePath: '/keys/id',
    simulated: {
      scenario: 'server2025-sriov',
      nodes: [
        { name: 'HV-NODE1', scenario: 'server2025-sriov' },
        { name: 'HV-NODE2', scenario: 'win10-laptop' },
      ],
    },
  }) as HostConfig;
  const clusterId = hostId(cluster);
  const pool = simulatedPool(
    storagePath,
    memoryCredentials(undefined, (id) => fleet.credentialOwner(id)),
  );
  const fleet = new Fleet((configs) => pool.setHosts(configs));
  recordWhatHostsReceive();
  after(async () => {
    await pool.dispose();
    fs.rmSync(storagePath, { recursive: true, force: true });
  });

  const signIns = (config: HostConfig): number => signInsReceived(config, storagePath);

  it('is offered once; Test Connection of the cluster offers it once more to the node that refused it', async () => {
    fleet.setConfigs([cluster]);
    const members = (await fleet.expand(clusterId, (id) => pool.client(id)!.clusterNodes())).members!;
    const refusing = members.find((m) => m.node.name === 'HV-NODE2')!;
    assert.ok((await pool.client(members[0]!.id)!.inventory()).ok, 'the first node knows the account');
    assert.equal(errorOf(await pool.client(refusing.id)!.inventory()).id, 'remote-auth-failed');
    await pool.restart(refusing.id);
    assert.equal(errorOf(await pool.client(refusing.id)!.inventory()).id, 'remote-auth-failed');
    assert.equal(signIns(refusing.config), 1, 'a new shell did not offer the refused key again');

    pool.retrySignIn(clusterId);
    await pool.restart(refusing.id);
    assert.equal(errorOf(await pool.client(refusing.id)!.inventory()).id, 'remote-auth-failed');
    assert.equal(signIns(refusing.config), 2, 'the cluster’s Test Connection offered the node’s key once more');
  });
});
