/**
 * The host list the extension reads when the user has written none: the Run Extension launch
 * configuration sets GPUPV_DEMO_HOSTS=1 to get the simulated demo hosts; a written list always wins.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_HOSTS } from '../../src/host/demoHosts';
import { readSettings } from '../../src/ui/settings';
import { setHosts } from './support/extension';

const names = (hosts: readonly { name?: string }[]) => hosts.map((h) => h.name);

describe('gpupv.hosts not written by the user', function () {
  this.timeout(30_000);
  after(() => setHosts([]));

  it('reads as the demo hosts with GPUPV_DEMO_HOSTS=1 and as the platform’s default without it', async () => {
    await vscode.workspace.getConfiguration('gpupv').update('hosts', undefined, vscode.ConfigurationTarget.Global);
    assert.deepEqual(names(readSettings(undefined, { GPUPV_DEMO_HOSTS: '1' }).hosts), names(DEMO_HOSTS));
    assert.deepEqual(names(readSettings(undefined, {}).hosts), process.platform === 'win32' ? ['This computer'] : []);
  });

  it('is ignored once the user has written a list, even an empty one', async () => {
    await setHosts([{ kind: 'simulated', name: 'Mine', scenario: 'win10-laptop' }]);
    assert.deepEqual(names(readSettings(undefined, { GPUPV_DEMO_HOSTS: '1' }).hosts), ['Mine']);
    await setHosts([]);
    assert.deepEqual(readSettings(undefined, { GPUPV_DEMO_HOSTS: '1' }).hosts, []);
  });
});
