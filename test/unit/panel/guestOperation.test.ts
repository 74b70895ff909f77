/**
 * Get-GuestDisplayDevices: the simulator's answer in the module's shape, and the whole path through
 * a real session and the HostClient (simulated host process), with the credential kept out of the log.
 */
import assert from 'node:assert/strict';
import type { Logger } from '../../../src/core/logger';
import { normalizeGuestDisplay } from '../../../src/core/normalize/guestDevices';
import { HostClient } from '../../../src/host/hostClient';
import { OPERATIONS } from '../../../src/host/protocol';
import { Secret } from '../../../src/host/secrets/secret';
import { answerCall } from '../../../src/simulator/operations/answerCall';
import type { HyperVModel } from '../../../src/simulator/hyperv/model';
import { simulatedShellKey } from '../../support/sealing';
import { startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';
import { scenarioModel } from '../simulator/helpers';

const GRAFIK = '8a4f2c1e-7d3b-4e9a-b6c5-1f2e3d4c5b6a';
const MEDIA_ENCODER = '6e5d4c3b-2a19-4f08-8e7d-6c5b4a392817';
const CREDENTIAL = { UserName: 'prüfer', Password: new Secret('gpupv') };

describe('Get-GuestDisplayDevices', () => {
  const shell = simulatedShellKey();
  /** The operation as a shell answers it, the password sealed to that shell's key. */
  const readGuest = (model: HyperVModel, vmId: string, userName: string, password: string, extra: Record<string, unknown> = {}) =>
    answerCall(
      model,
      'Get-GuestDisplayDevices',
      { VMId: vmId, Credential: { UserName: userName, Password: shell.seal(password), ...extra } },
      undefined,
      undefined,
      undefined,
      shell.key,
    );

  it('answers the guest devices of a running VM in the raw schema (code 43 with 512 MB high MMIO)', () => {
    const envelope = readGuest(scenarioModel('win11-workstation'), GRAFIK, 'prüfer', 'gpupv');
    assert.ok(envelope.ok, JSON.stringify(envelope));
    const display = normalizeGuestDisplay(OPERATIONS['Get-GuestDisplayDevices'].result.parse(envelope.result));
    const vrd = display.devices.find((d) => d.virtualRender);
    assert.equal(vrd?.problemCode, 43);
    assert.equal(vrd?.driverProvider, 'Microsoft');
    assert.equal(vrd?.infName, 'vrd.inf');
  });

  it('refuses a wrong password and a VM that is off, with Hyper-V’s texts', () => {
    const model = scenarioModel('win11-workstation');
    const wrong = readGuest(model, GRAFIK, 'prüfer', 'nope');
    assert.ok(!wrong.ok);
    assert.equal(wrong.error.message, 'The credential is invalid.');
    const off = readGuest(model, MEDIA_ENCODER, 'media', 'gpupv');
    assert.ok(!off.ok);
    assert.match(off.error.message, /is not in running state/);
  });

  it('refuses a credential with extra properties before anything runs', () => {
    const envelope = readGuest(scenarioModel('win11-workstation'), GRAFIK, 'prüfer', 'gpupv', { Domain: 'x' });
    assert.ok(!envelope.ok);
    assert.equal(envelope.error.id, 'invalid-argument');
  });

  it('refuses a password in clear before anything runs: only a sealed one passes', () => {
    const envelope = answerCall(scenarioModel('win11-workstation'), 'Get-GuestDisplayDevices', {
      VMId: GRAFIK,
      Credential: { UserName: 'prüfer', Password: 'gpupv' },
    });
    assert.ok(!envelope.ok);
    assert.equal(envelope.error.id, 'invalid-argument');
    assert.match(envelope.error.message, /sealed secret/);
    assert.doesNotMatch(envelope.error.message, /gpupv/);
  });

  describe('through a session and the HostClient', function () {
    this.timeout(30_000);
    let host: SimulatedHost;
    const lines: string[] = [];
    const log: Logger = {
      trace: (m) => lines.push(m),
      debug: (m) => lines.push(m),
      info: (m) => lines.push(m),
      warn: (m) => lines.push(m),
      error: (m) => lines.push(m),
    };

    before(() => {
      host = startSimulatedHost({ scenario: 'win11-workstation' });
    });
    after(() => host.dispose());

    it('reads the guest from the simulated disks (the guest holds the host’s package) and never logs the password', async () => {
      const client = new HostClient(host.session, 'Test host', log);
      const result = await client.invoke('Get-GuestDisplayDevices', {
        VMId: GRAFIK,
        Credential: { UserName: 'prüfer', Password: new Secret('S3cret-gpupv') },
      });
      assert.ok(!result.ok, 'the simulated guest has its own password');
      const good = await client.invoke('Get-GuestDisplayDevices', { VMId: GRAFIK, Credential: CREDENTIAL });
      assert.ok(good.ok, good.ok ? '' : good.error.message);
      const display = normalizeGuestDisplay(good.value);
      assert.deepEqual(display.driverStore, ['nv_dispi.inf_amd64_4bf4c17fa8a478b5']);
      assert.equal(display.devices.find((d) => d.virtualRender)?.problemCode, 43);
      assert.ok(lines.length >= 2);
      for (const line of lines) {
        assert.doesNotMatch(line, /S3cret-gpupv|gpupv'|Password/);
      }
    });
  });
});
