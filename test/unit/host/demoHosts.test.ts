/** Which hosts a user who has written no `gpupv.hosts` sees: the Run Extension launch configuration asks for the demo hosts. */
import * as assert from 'node:assert/strict';
import { DEMO_HOSTS, DEMO_HOSTS_VARIABLE, unconfiguredHosts } from '../../../src/host/demoHosts';
import { parseHostsSetting } from '../../../src/host/hostConfig';

const names = (hosts: readonly { name?: string }[]) => hosts.map((h) => h.name);

describe('hosts shown before the user writes gpupv.hosts', () => {
  it('are the demo hosts when GPUPV_DEMO_HOSTS is 1, on any platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      assert.deepEqual(names(unconfiguredHosts(platform, { [DEMO_HOSTS_VARIABLE]: '1' })), names(DEMO_HOSTS), platform);
    }
  });

  it('are this computer on Windows and none elsewhere without it (or with another value)', () => {
    for (const env of [{}, { [DEMO_HOSTS_VARIABLE]: '0' }, { [DEMO_HOSTS_VARIABLE]: '' }]) {
      assert.deepEqual(unconfiguredHosts('win32', env), [{ kind: 'local', name: 'This computer' }]);
      assert.deepEqual(unconfiguredHosts('linux', env), []);
    }
  });

  it('are all valid entries of the setting', () => {
    const { hosts, invalid } = parseHostsSetting(unconfiguredHosts('linux', { [DEMO_HOSTS_VARIABLE]: '1' }));
    assert.deepEqual(invalid, []);
    assert.equal(hosts.length, DEMO_HOSTS.length);
  });
});
