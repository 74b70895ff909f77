/**
 * No password, in any encoding, in any line sent to a shell. A guest read, an online driver sync, a
 * remote host's connect and a guest read and sync on that remote host run through the production
 * session and client against simulated hosts that record every line they read on stdin (what
 * PowerShell's transcription would keep). Everything recorded (those transcripts, the lines as
 * sealed, the calls as the hosts decoded them, the log, the errors and every file the hosts wrote)
 * is searched for both passwords in every encoding secretEncodings derives: none is found, while the
 * passwords did cross, sealed, and opened on the other side (the reads and syncs succeeded).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { GpuPvError, Result } from '../../../src/core/errors';
import type { Logger } from '../../../src/core/logger';
import { syncVmDriver } from '../../../src/host/driverSync';
import { HostClient } from '../../../src/host/hostClient';
import type { GuestTarget } from '../../../src/host/protocol';
import { isSealedSecret } from '../../../src/host/secrets/sealedSecret';
import { Secret } from '../../../src/host/secrets/secret';
import { parseCall, parseConnect } from '../../../src/host/wire';
import type { ScenarioInput } from '../../../src/simulator/hyperv/state';
import { findSecret } from '../../support/secretEncodings';
import { assertNoSecrets, Recordings } from '../../support/secretScan';
import { startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';
import { syncScenario, VM_IDS } from '../../support/syncScenario';

const GUEST_USER = 'tester';
const GUEST_PASSWORD = 'Gäste-Kennwort-7Qx!"\'$(calc)`n';
const HOST_USER = 'CONTOSO\\hvadmin';
const HOST_PASSWORD = 'Fern-Zugang-9Kp€;exit<&>%41';
const PASSWORDS = [GUEST_PASSWORD, HOST_PASSWORD];

/** The sync scenario with a small driver, the running VM's guest and the remote account given these passwords. */
function scenario(): ScenarioInput {
  const base = syncScenario({ smallPackage: true });
  return {
    ...base,
    host: { ...base.host, remoteAccounts: [{ userName: HOST_USER, password: HOST_PASSWORD, hyperVAdministrator: true }] },
    vms: base.vms.map((vm) => (vm.guest ? { ...vm, guest: { ...vm.guest, user: GUEST_USER, password: GUEST_PASSWORD } } : vm)),
  } as ScenarioInput;
}

/** The simulated host's own accounts (the guest's and the remote host's side of the sign-in): the passwords are theirs. */
const ACCOUNT_FILES = new Set(['scenario.json', 'state.json']);

describe('no password in any line sent to a shell, in any encoding (simulated hosts, their transcripts)', function () {
  this.timeout(120_000);
  const log: string[] = [];
  const errors: GpuPvError[] = [];
  const logger: Logger = {
    trace: (m) => log.push(m),
    debug: (m) => log.push(m),
    info: (m) => log.push(m),
    warn: (m) => log.push(m),
    error: (m) => log.push(m),
  };
  let local: SimulatedHost;
  let remote: SimulatedHost;
  let localClient: HostClient;
  let remoteClient: HostClient;

  const guest = (password = GUEST_PASSWORD) => ({ UserName: GUEST_USER, Password: new Secret(password) });
  const online = (): GuestTarget => ({ Mode: 'Online', VMId: VM_IDS.running, Credential: guest() });

  function noted<T>(result: Result<T>): Result<T> {
    if (!result.ok) errors.push(result.error);
    return result;
  }

  async function readGuest(client: HostClient, password?: string): Promise<Result<unknown>> {
    return noted(await client.invoke('Get-GuestDisplayDevices', { VMId: VM_IDS.running, Credential: guest(password) }));
  }

  async function syncOnline(client: HostClient): Promise<Result<unknown>> {
    const inventory = await client.inventory();
    assert.ok(inventory.ok, inventory.ok ? '' : inventory.error.message);
    const vm = inventory.value.vms.find((v) => v.id === VM_IDS.running)!;
    return noted(await syncVmDriver(client, vm, inventory.value.gpus, online()));
  }

  before(() => {
    const options = { scenario: scenario(), callTimeoutMs: 30_000, recordLines: true, recordReceived: true, transcript: true } as const;
    local = startSimulatedHost({ ...options, name: 'Local' });
    remote = startSimulatedHost({
      ...options,
      name: 'Remote',
      remote: { transport: 'winrm', address: 'hv1.contoso.test', useSsl: true },
      credential: { userName: HOST_USER, password: HOST_PASSWORD },
    });
    localClient = new HostClient(local.session, 'Local', logger);
    remoteClient = new HostClient(remote.session, 'Remote', logger);
  });
  after(async () => {
    await local.dispose();
    await remote.dispose();
  });

  it('a guest read and an online driver sync on this computer succeed with the sealed password', async () => {
    const read = await readGuest(localClient);
    assert.ok(read.ok, read.ok ? '' : read.error.message);
    const synced = await syncOnline(localClient);
    assert.ok(synced.ok, synced.ok ? '' : synced.error.message);
  });

  it('a remote host connects with its sealed password, then a guest read and an online sync run there', async () => {
    const read = await readGuest(remoteClient);
    assert.ok(read.ok, read.ok ? '' : read.error.message);
    const synced = await syncOnline(remoteClient);
    assert.ok(synced.ok, synced.ok ? '' : synced.error.message);
    assert.equal(remote.session.shellsStarted, 1);
  });

  it('a wrong password is refused by the guest, and a fault mid-call fails the call: neither error holds a password', async () => {
    const wrong = await readGuest(localClient, `${GUEST_PASSWORD}-falsch`);
    assert.equal(!wrong.ok && wrong.error.id, 'guest-credentials-rejected');
    for (const kind of ['garbage', 'stderr', 'crash'] as const) {
      local.injectFaults([{ operation: 'Get-GuestDisplayDevices', kind }]);
      assert.equal((await readGuest(localClient)).ok, false, kind);
    }
    assert.ok((await readGuest(localClient)).ok, 'a new shell reads again: sealed to its own key');
  });

  it('every line that carried a password carried it sealed, and the transcripts hold every call (the search is not vacuous)', () => {
    for (const host of [local, remote]) {
      const transcript = new Recordings();
      transcript.addFiles(host.transcriptPath);
      const lines = transcript.text(host.transcriptPath).split('\n');
      for (const operation of ['Get-SessionKey', 'Get-GuestDisplayDevices', 'Open-GuestDriverStore', 'Copy-DriverFilesToGuest'])
        assert.ok(
          lines.some((l) => l.startsWith(`Invoke-GpuPv -Operation '${operation}'`)),
          `${host.config.name} transcript holds ${operation}`,
        );
      const sealed = lines.flatMap((line) => {
        const args = parseCall(line)?.args ?? parseConnect(line)?.args;
        const credential =
          (args as { Credential?: { Password?: unknown }; Target?: { Credential?: { Password?: unknown } } } | undefined)?.Credential ??
          (args as { Target?: { Credential?: { Password?: unknown } } } | undefined)?.Target?.Credential;
        return credential ? [credential.Password] : [];
      });
      assert.ok(sealed.length >= 3, `${host.config.name}: ${sealed.length} lines carried a password`);
      assert.equal(
        lines.some((l) => l.startsWith('Connect-GpuPvRemote')),
        host === remote,
        `${host.config.name}: the connect line, sealed like a call's`,
      );
      for (const password of sealed) assert.ok(isSealedSecret(password), 'each sealed');
    }
  });

  it('nothing recorded holds a password in any encoding: transcripts, sent lines, decoded calls, host files, log, errors', () => {
    const recordings = new Recordings();
    for (const host of [local, remote]) {
      const files = recordings.addFiles(host.storagePath, (file) => ACCOUNT_FILES.has(path.basename(file)));
      assert.ok(files.includes(host.transcriptPath) && files.some((f) => f.endsWith('received.jsonl')), 'the recordings are there');
      recordings.add(`${host.config.name} sent lines`, host.sentLines.join('\n'));
    }
    recordings.add('log', log.join('\n')).add('errors', JSON.stringify(errors));
    assert.ok(errors.length >= 4 && log.length > 10, `${errors.length} errors, ${log.length} log lines`);
    assertNoSecrets(recordings, PASSWORDS);
  });

  it('the search finds the passwords where they are: the simulated guest’s and host’s own account files', () => {
    const accounts = new Recordings();
    for (const host of [local, remote]) accounts.addFiles(host.simDir, (file) => !ACCOUNT_FILES.has(path.basename(file)));
    const text = [...accounts.items.values()].map((b) => b.toString('utf8')).join('\n');
    for (const password of PASSWORDS) assert.notDeepEqual(findSecret(text, password), [], 'found in the accounts');
  });
});
