/**
 * The sealing with real PowerShell 7, with PowerShell's own logging on as a host's policy would set
 * it: the production session starts pwsh with the built module; transcription records every line it
 * reads, script block logging every script block (to syslog, received by the test), module logging
 * every command the module runs with its arguments. Then a guest read and the open of an online
 * driver sync (the module opens the sealed password into a PSCredential; the missing Hyper-V stops
 * them right after), a remote connect to a closed loopback port (the password opened into the
 * PSCredential New-PSSession gets; remoting then fails), a line sealed to a shell that was restarted,
 * an altered one, one in clear, and a module loaded again (a renewed key, which the session seals
 * again for). Everything recorded is searched for both passwords in every encoding: none is there,
 * while the recordings hold every call.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { GpuPvError, Result } from '../../../src/core/errors';
import type { Logger } from '../../../src/core/logger';
import { driverSyncPort } from '../../../src/host/driverSync';
import { HostClient } from '../../../src/host/hostClient';
import { launchFor, modulePath, type HostConfig } from '../../../src/host/hostConfig';
import { PowerShellSession } from '../../../src/host/session';
import { Secret } from '../../../src/host/secrets/secret';
import { decodeReply, formatImportModule, parseCall } from '../../../src/host/wire';
import { repoFile } from '../../support/powershellSyntax';
import { startLoggedPowerShell, type LoggedPowerShell } from '../../support/realPowerShell';
import { memoryCredentials } from '../../support/credentials';
import { findSecrets } from '../../support/secretEncodings';
import { assertNoSecrets } from '../../support/secretScan';
import { recordSentLines } from '../../support/simulatedHost';

const VM_ID = '6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10';
const GUEST_PASSWORD = 'Gäste-Kennwort-7Qx!"\'$(calc)`n';
const HOST_PASSWORD = 'Fern-Zugang-9Kp€;exit<&>%41';
const PASSWORDS = [GUEST_PASSWORD, HOST_PASSWORD];

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sealed secrets in real PowerShell 7, with transcription, script block and module logging on', function () {
  // Each pwsh start with the module import takes seconds on a loaded machine; this test starts four.
  this.timeout(600_000);
  let pwsh: LoggedPowerShell;
  const sessions: PowerShellSession[] = [];
  const log: string[] = [];
  const errors: GpuPvError[] = [];
  const sent: string[] = [];
  const logger: Logger = {
    trace: (m) => log.push(m),
    debug: (m) => log.push(m),
    info: (m) => log.push(m),
    warn: (m) => log.push(m),
    error: (m) => log.push(m),
  };
  let local: { session: PowerShellSession; client: HostClient };

  function start(config: HostConfig): { session: PowerShellSession; client: HostClient } {
    const environment = {
      extensionPath: repoFile(),
      storagePath: repoFile(),
      nodeExecutable: process.execPath,
      powershellExecutable: 'pwsh',
    };
    const launch = pwsh.logged(
      launchFor(config, environment, memoryCredentials({ userName: 'CONTOSO\\hvadmin', password: HOST_PASSWORD })),
    );
    const session = new PowerShellSession(launch, { callTimeoutMs: 120_000, startTimeoutMs: 240_000, log: logger });
    recordSentLines(session, sent);
    sessions.push(session);
    return { session, client: new HostClient(session, config.name, logger) };
  }

  function noted<T>(result: Result<T>): Result<T> {
    if (!result.ok) errors.push(result.error);
    return result;
  }

  const guestRead = (client: HostClient) =>
    client.invoke('Get-GuestDisplayDevices', { VMId: VM_ID, Credential: { UserName: 'dev', Password: new Secret(GUEST_PASSWORD) } });

  /** The shell's answer to a line sent as it is, without sealing anything again. */
  async function answerTo(line: string) {
    const reply = await local.session.call(line);
    assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
    const envelope = decodeReply(reply.value);
    assert.ok(envelope.ok);
    if (!envelope.value.ok) errors.push({ id: 'hyperv-error', message: envelope.value.error.message });
    return envelope.value;
  }

  function sentGuestRead(): { line: string; args: { VMId: string; Credential: { UserName: string; Password: string } } } {
    const line = sent.find((l) => parseCall(l)?.operation === 'Get-GuestDisplayDevices');
    assert.ok(line, 'a guest read was sent');
    return { line, args: parseCall(line)!.args as never };
  }

  const callLine = (args: unknown) =>
    `Invoke-GpuPv -Operation 'Get-GuestDisplayDevices' -Payload '${Buffer.from(JSON.stringify(args)).toString('base64')}'`;

  before(async function () {
    pwsh = await startLoggedPowerShell();
    local = start({ kind: 'local', name: 'This computer' });
  });
  after(async function () {
    await Promise.all(sessions.map((s) => s.dispose()));
    await pwsh?.dispose();
  });

  it('a guest read: the module opens the sealed password into a PSCredential, then stops at the missing Hyper-V', async () => {
    const read = noted(await guestRead(local.client));
    assert.equal(!read.ok && read.error.id, 'hyperv-missing', read.ok ? '' : read.error.message);
  });

  it('the open of an online driver sync: the same, through the port the sync uses', async () => {
    const port = driverSyncPort(local.client, {
      Mode: 'Online',
      VMId: VM_ID,
      Credential: { UserName: 'dev', Password: new Secret(GUEST_PASSWORD) },
    });
    const opened = noted(await port.open([]));
    assert.equal(!opened.ok && opened.error.id, 'hyperv-missing');
  });

  it('an altered sealed password is refused as secret-unreadable, one in clear too: nothing is taken in clear', async () => {
    const { args } = sentGuestRead();
    const [version, keyId, blob] = args.Credential.Password.split(':');
    const bytes = Buffer.from(blob!, 'base64');
    bytes[bytes.length - 40] ^= 0x80;
    const altered = await answerTo(
      callLine({ ...args, Credential: { ...args.Credential, Password: `${version}:${keyId}:${bytes.toString('base64')}` } }),
    );
    assert.equal(!altered.ok && altered.error.id, 'secret-unreadable');
    const inClear = await answerTo(callLine({ ...args, Credential: { ...args.Credential, Password: 'Klartext-5Rz' } }));
    assert.equal(!inClear.ok && inClear.error.id, 'secret-unreadable');
  });

  it('a line sealed to a shell that was restarted is refused as secret-key-changed; the session seals the next call to the new shell', async () => {
    const { line } = sentGuestRead();
    await local.session.restartShell();
    const stale = await answerTo(line);
    assert.equal(!stale.ok && stale.error.id, 'secret-key-changed');
    assert.equal(local.session.shellsStarted, 2);
    const read = noted(await guestRead(local.client));
    assert.equal(!read.ok && read.error.id, 'hyperv-missing');
  });

  it('the module loaded again holds no key: the call is refused as sealed to another key, and the session seals it again, once', async () => {
    const reload = await local.session.call(
      formatImportModule(modulePath(repoFile())).replace(' -DisableNameChecking', ' -Force -DisableNameChecking'),
    );
    assert.ok(reload.ok, reload.ok ? '' : reload.error.message);
    const read = noted(await guestRead(local.client));
    assert.equal(!read.ok && read.error.id, 'hyperv-missing');
    assert.ok(log.some((l) => /holds another session key; the call's secrets are sealed again/.test(l)));
  });

  it('a remote connect to a closed loopback port: the password opened into the PSCredential, then WinRM fails (none off Windows)', async () => {
    const remote = start({ kind: 'remote', name: 'Loopback', transport: 'winrm', address: '127.0.0.1', port: await closedPort() });
    const result = noted(await remote.client.hostFacts());
    assert.equal(result.ok, false);
    assert.ok(!result.ok && !result.error.id.startsWith('secret-'), result.ok ? '' : `${result.error.id}: ${result.error.message}`);
    assert.ok(!result.ok && result.error.id !== 'invalid-argument', 'the connect line was accepted');
  });

  it('the recordings hold every call: transcripts, script block logging and module logging saw them', function () {
    const recordings = pwsh.recordings();
    const transcripts = [...recordings.items]
      .filter(([where]) => where.startsWith(pwsh.transcriptDir))
      .map(([, bytes]) => bytes.toString('utf8'));
    assert.ok(transcripts.length >= 3, `${transcripts.length} transcripts, one per shell`);
    const transcript = transcripts.join('\n');
    for (const expected of [
      "Invoke-GpuPv -Operation 'Get-SessionKey'",
      "Invoke-GpuPv -Operation 'Get-GuestDisplayDevices'",
      "Invoke-GpuPv -Operation 'Open-GuestDriverStore'",
      'Connect-GpuPvRemote -Payload',
    ])
      assert.ok(transcript.includes(expected), `the transcripts hold ${expected}`);
    if (pwsh.noSyslog) return;
    const syslog = pwsh.syslog();
    for (const expected of [
      /ScriptBlock_Compile_Detail[^\n]*\n?Invoke-GpuPv -Operation 'Get-GuestDisplayDevices'/,
      /Connect-GpuPvRemote -Payload/,
      /CommandInvocation\(ConvertFrom-GpuPvSealedSecret\)/,
      /ParameterBinding\(ConvertFrom-GpuPvSealedSecret\): name="Sealed"; value="gpupv-sealed-v1:/,
      // The connection, its PSCredential made, handed to the WinRM session's function (off Windows
      // pwsh has no WinRM client: New-PSSessionOption then refuses -OpenTimeout).
      /CommandInvocation\(New-GpuPvWinRmSession\)/,
    ])
      assert.ok(expected.test(syslog), `syslog holds ${expected}`);
  });

  it('script block logging is observed here, or the reason it cannot be is known', function () {
    if (pwsh.noSyslog) {
      console.warn(`      script block and module logging not observed: ${pwsh.noSyslog}`);
      this.skip();
    }
    assert.ok(pwsh.syslog().length > 0);
  });

  it('nothing recorded holds a password in any encoding: transcripts, syslog, temp files, home, lines sent, log, errors', function () {
    const recordings = pwsh.recordings();
    recordings.add('lines sent', sent.join('\n')).add('log', log.join('\n')).add('errors', JSON.stringify(errors));
    assert.ok(errors.length >= 6, `${errors.length} errors`);
    assertNoSecrets(recordings, PASSWORDS);
  });

  it('the search would find them: the text sent in clear on purpose is found in the transcript and in syslog', function () {
    const found = findSecrets(pwsh.recordings().items, ['Klartext-5Rz']);
    assert.ok(
      found.some((where) => where.includes('PowerShell_transcript')),
      found.join('\n'),
    );
    assert.ok(pwsh.noSyslog !== undefined || found.some((where) => where.startsWith('syslog:')), found.join('\n'));
  });
});
