/**
 * The pool keeps a host's session while its entry is the same and closes it when anything of the
 * entry changes, the connection fields of a remote host included (its connect line is a function,
 * which a JSON fingerprint of the launch alone does not see).
 */
import * as assert from 'node:assert/strict';
import { hostId, type HostConfig } from '../../../src/host/hostConfig';
import { HostPool } from '../../../src/host/hostPool';

const ENV = { extensionPath: '/ext', storagePath: '/storage', powershellExecutable: 'pwsh', nodeExecutable: 'node' };
const OPTIONS = { callTimeoutMs: 1000, startTimeoutMs: 1000 };

describe('HostPool: which entry changes close a session', () => {
  const remote: HostConfig = { kind: 'remote', name: 'HV1', transport: 'winrm', address: 'hv1', useSsl: true, port: 5986 };
  const ssh: HostConfig = {
    kind: 'simulated',
    name: 'S',
    scenario: 'server2025-sriov',
    remote: { transport: 'ssh', address: 's', userName: 'a' },
  };

  for (const [what, before, after] of [
    ['a remote host’s port', remote, { ...remote, port: 5999 }],
    ['a remote host’s SSL', remote, { ...remote, useSsl: false }],
    ['a remote host’s authentication', remote, { ...remote, authentication: 'Negotiate' }],
    ['a simulated SSH host’s user', ssh, { ...ssh, remote: { transport: 'ssh', address: 's', userName: 'b' } }],
  ] as const) {
    it(`${what}: the session is closed, the next call uses the new settings`, () => {
      const pool = new HostPool(ENV, OPTIONS);
      pool.setHosts([before]);
      const first = pool.client(hostId(before));
      assert.deepEqual(pool.setHosts([after as HostConfig]), [hostId(before)]);
      assert.notEqual(pool.client(hostId(before)), first);
    });
  }

  it('the same entry keeps its session', () => {
    const pool = new HostPool(ENV, OPTIONS);
    pool.setHosts([remote]);
    const first = pool.client(hostId(remote));
    assert.deepEqual(pool.setHosts([{ ...remote }]), []);
    assert.equal(pool.client(hostId(remote)), first);
  });
});
