/** Remote hosts and failover clusters in gpupv.hosts, and the entries refused with a reason. */
import * as assert from 'node:assert/strict';
import { userNameSchema } from '../../../src/host/remoteConfig';
import { connectionOf, hostId, parseHostsSetting } from '../../../src/host/hostConfig';

describe('remote hosts and clusters in gpupv.hosts', () => {
  it('accepts WinRM and SSH hosts with every connection field', () => {
    const { hosts, invalid } = parseHostsSetting([
      {
        kind: 'remote',
        name: 'HV1',
        transport: 'winrm',
        address: 'hv1.contoso.com',
        port: 5986,
        useSsl: true,
        authentication: 'Negotiate',
      },
      {
        kind: 'remote',
        name: 'HV2',
        transport: 'ssh',
        address: '10.0.0.12',
        port: 2222,
        userName: 'CONTOSO\\admin',
        keyFilePath: 'C:\\Users\\me\\.ssh\\id_ed25519',
      },
      { kind: 'remote', name: 'HV3', transport: 'winrm', address: 'fe80::1' },
    ]);
    assert.deepEqual(invalid, []);
    assert.equal(hosts.length, 3);
    assert.deepEqual(connectionOf(hosts[0]!), hosts[0]);
    assert.equal(connectionOf(hosts[1]!)?.keyFilePath, 'C:\\Users\\me\\.ssh\\id_ed25519');
  });

  it('accepts a failover cluster by name, whose connection goes to the cluster name', () => {
    const { hosts, invalid } = parseHostsSetting([
      { kind: 'cluster', name: 'Prod', clusterName: 'HV-CLUSTER', transport: 'winrm', authentication: 'Kerberos' },
    ]);
    assert.deepEqual(invalid, []);
    assert.equal(connectionOf(hosts[0]!)?.address, 'HV-CLUSTER');
  });

  it('accepts a simulated host that plays a remote one, and a simulated cluster', () => {
    const { hosts, invalid } = parseHostsSetting([
      {
        kind: 'simulated',
        name: 'Lab',
        scenario: 'server2025-sriov',
        remote: { transport: 'winrm', address: 'lab', unreachable: true, latencyMs: 50 },
      },
      {
        kind: 'cluster',
        name: 'Sim cluster',
        clusterName: 'SIMCL',
        transport: 'winrm',
        simulated: { scenario: 'server2025-sriov', nodes: [{ name: 'N1', scenario: 'server2025-sriov' }] },
      },
    ]);
    assert.deepEqual(invalid, []);
    const cluster = hosts[1]!;
    assert.ok(cluster.kind === 'cluster' && cluster.simulated?.nodes[0]?.state === 'Up', 'a node is Up unless said otherwise');
  });

  it('reports invalid entries with the field and the reason, and keeps the valid ones', () => {
    const { hosts, invalid } = parseHostsSetting([
      { kind: 'remote', name: 'ok', transport: 'winrm', address: 'ok' },
      { kind: 'remote', name: 'no address', transport: 'winrm' },
      { kind: 'remote', name: 'bad address', transport: 'winrm', address: 'a b; rm -rf' },
      { kind: 'remote', name: 'bad port', transport: 'winrm', address: 'h', port: 70000 },
      { kind: 'remote', name: 'ssl on ssh', transport: 'ssh', address: 'h', useSsl: true },
      { kind: 'remote', name: 'auth on ssh', transport: 'ssh', address: 'h', authentication: 'Kerberos' },
      { kind: 'remote', name: 'key on winrm', transport: 'winrm', address: 'h', keyFilePath: 'k' },
      { kind: 'remote', name: 'telnet', transport: 'telnet', address: 'h' },
      { kind: 'remote', name: 'digest', transport: 'winrm', address: 'h', authentication: 'Digest' },
      { kind: 'cluster', name: 'no cluster name', transport: 'winrm' },
      { kind: 'cluster', name: 'no nodes', clusterName: 'c', transport: 'winrm', simulated: { scenario: 's', nodes: [] } },
    ]);
    assert.deepEqual(
      hosts.map((h) => h.name),
      ['ok'],
    );
    const problems = invalid.map((i) => `${i.index}: ${i.problem}`);
    assert.equal(invalid.length, 10, problems.join('\n'));
    assert.match(problems[0]!, /^1: address/);
    assert.match(problems[1]!, /^2: address: expected a host name or an IP address/);
    assert.match(problems[2]!, /^3: port/);
    assert.match(problems[3]!, /^4: useSsl: useSsl is for WinRM/);
    assert.match(problems[4]!, /^5: authentication: authentication is for WinRM/);
    assert.match(problems[5]!, /^6: keyFilePath: keyFilePath is for SSH/);
    assert.match(problems[6]!, /^7: transport/);
    assert.match(problems[7]!, /^8: authentication/);
    assert.match(problems[8]!, /^9: clusterName/);
    assert.match(problems[9]!, /^10: simulated\.nodes/);
  });

  it('accepts any Windows account name, an apostrophe or a space included; refuses the characters Windows forbids', () => {
    for (const name of ["CONTOSO\\O'Brien", "O'Brien", "o'brien@contoso.com", 'CONTOSO\\Anna Maria', 'svc-build$', 'prüfer'])
      assert.ok(userNameSchema.safeParse(name).success, name);
    for (const name of [
      'a"b',
      'a/b',
      'a:b',
      'a;b',
      'a|b',
      'a=b',
      'a,b',
      'a+b',
      'a*b',
      'a?b',
      'a<b',
      'a>b',
      'a[b]',
      'A\\B\\C',
      'x@y@z',
      'DOM\\',
      'a\tb',
    ])
      assert.equal(userNameSchema.safeParse(name).success, false, name);
    const { hosts } = parseHostsSetting([{ kind: 'remote', name: 'ssh', transport: 'ssh', address: 'h', userName: "O'Brien" }]);
    assert.equal(hosts[0]?.kind === 'remote' && hosts[0].userName, "O'Brien");
  });

  it('drops a password or credential written into an entry: settings never hold one', () => {
    const { hosts } = parseHostsSetting([
      {
        kind: 'remote',
        name: 'h',
        transport: 'winrm',
        address: 'h',
        userName: 'me',
        password: 'Geheim-1',
        credential: { password: 'Geheim-1' },
      },
    ]);
    assert.doesNotMatch(JSON.stringify(hosts), /Geheim-1|password|credential/);
  });

  it('gives each kind and name a stable id, distinct from a simulated host of the same name', () => {
    const remote = { kind: 'remote' as const, name: 'HV1', transport: 'winrm' as const, address: 'hv1' };
    assert.equal(hostId(remote), hostId({ ...remote, address: 'other' }));
    assert.notEqual(hostId(remote), hostId({ kind: 'simulated', name: 'HV1', scenario: 'x' }));
    assert.match(hostId(remote), /^remote-hv1-[0-9a-f]{8}$/);
  });
});
