/**
 * Sealing happens when a line is sent, to the key of the shell that receives it: a shell restarted
 * while a call waited has a new key, and the call is sealed to that one. A shell that refuses a
 * secret as sealed to another key (its key renewed) gets the line sealed again, once. A line sealed
 * to an earlier shell, or altered, is refused with its own error id: nothing is decrypted, and the
 * password is never sent in clear instead.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Logger } from '../../../src/core/logger';
import { HostClient } from '../../../src/host/hostClient';
import { PowerShellSession } from '../../../src/host/session';
import { Secret } from '../../../src/host/secrets/secret';
import { decodeReply, parseCall } from '../../../src/host/wire';
import { findSecret } from '../../support/secretEncodings';
import { recordSentLines, startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';

/** GPU-Workstation in win11-workstation: running, guest dev / gpupv. */
const VM_ID = '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c';
const PASSWORD = 'gpupv';

describe('the session seals each secret for the shell that receives it', function () {
  this.timeout(60_000);
  let host: SimulatedHost;
  let session: PowerShellSession;
  let client: HostClient;
  const sent: string[] = [];
  const log: string[] = [];
  const logger: Logger = {
    trace: () => undefined,
    debug: () => undefined,
    info: (m) => log.push(m),
    warn: (m) => log.push(m),
    error: (m) => log.push(m),
  };

  /** A guest read, allowed the time a loaded machine takes to make the guest's disk on the first one. */
  const read = (password = PASSWORD) =>
    client.invoke('Get-GuestDisplayDevices', { VMId: VM_ID, Credential: { UserName: 'dev', Password: new Secret(password) } }, 30_000);
  const transcriptLines = (operation: string) =>
    fs
      .readFileSync(host.transcriptPath, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(`Invoke-GpuPv -Operation '${operation}'`));
  /** The shell's answer to a line sent as it is, without sealing anything again. */
  const answerTo = async (line: string) => {
    const reply = await session.call(line);
    assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
    const envelope = decodeReply(reply.value);
    assert.ok(envelope.ok);
    return envelope.value;
  };

  beforeEach(() => {
    sent.length = 0;
    log.length = 0;
    host = startSimulatedHost({ scenario: 'win11-workstation', callTimeoutMs: 30_000, transcript: true });
    // Short, for the call that hangs; the reads take their own.
    session = new PowerShellSession(host.launch, { callTimeoutMs: 3_000, startTimeoutMs: 20_000, log: logger });
    recordSentLines(session, sent);
    client = new HostClient(session, 'Test host', logger);
  });
  afterEach(async () => {
    await session.dispose();
    await host.dispose();
  });

  it('asks a shell for its key once, before the first line with a secret, and never for a line without one', async () => {
    assert.ok((await client.hostFacts()).ok);
    assert.deepEqual(transcriptLines('Get-SessionKey'), [], 'no secret yet, no key asked for');
    assert.ok((await read()).ok);
    assert.ok((await read()).ok);
    assert.equal(transcriptLines('Get-SessionKey').length, 1);
  });

  it('a call queued behind one that hangs runs in the new shell, sealed to the new shell’s key', async () => {
    assert.ok((await read()).ok, 'the first shell has a key');
    host.injectFaults([{ operation: 'Get-Inventory', kind: 'hang' }]);
    const [hung, queued] = await Promise.all([client.inventory(), read()]);
    assert.equal(!hung.ok && hung.error.id, 'shell-timeout');
    assert.ok(queued.ok, queued.ok ? '' : `${queued.error.id}: ${queued.error.message}`);
    assert.equal(session.shellsStarted, 2);
    assert.equal(transcriptLines('Get-SessionKey').length, 2, 'the new shell was asked for its key');
    const keyIds = sent
      .filter((l) => parseCall(l)?.operation === 'Get-GuestDisplayDevices')
      .map((l) => /gpupv-sealed-v1:([0-9a-f]{16})/.exec(JSON.stringify(parseCall(l)!.args))![1]);
    assert.equal(new Set(keyIds).size, 2, 'each call sealed to its own shell’s key');
  });

  it('a shell whose key was renewed refuses the secret as sealed to another key; the session seals it again, once', async () => {
    assert.ok((await read()).ok);
    host.injectFaults([{ operation: 'Get-GuestDisplayDevices', kind: 'new-key' }]);
    const again = await read();
    assert.ok(again.ok, again.ok ? '' : `${again.error.id}: ${again.error.message}`);
    assert.equal(session.shellsStarted, 1, 'the same shell');
    assert.equal(transcriptLines('Get-SessionKey').length, 2, 'its new key asked for');
    assert.equal(transcriptLines('Get-GuestDisplayDevices').length, 3, 'the refused line, then the line sealed again');
    assert.ok(log.some((l) => /holds another session key; the call's secrets are sealed again/.test(l)));
  });

  it('renewed twice in a row: the second refusal is reported as secret-key-changed, not retried again', async () => {
    assert.ok((await read()).ok);
    host.injectFaults([{ operation: 'Get-GuestDisplayDevices', kind: 'new-key', times: 2 }]);
    const refused = await read();
    assert.equal(!refused.ok && refused.error.id, 'secret-key-changed');
    assert.equal(transcriptLines('Get-GuestDisplayDevices').length, 3);
  });

  it('a line sealed to a shell that was restarted is refused as secret-key-changed; the password is not in the answer', async () => {
    assert.ok((await read()).ok);
    const stale = sent.find((l) => parseCall(l)?.operation === 'Get-GuestDisplayDevices')!;
    await session.restartShell();
    const envelope = await answerTo(stale);
    assert.equal(!envelope.ok && envelope.error.id, 'secret-key-changed');
    assert.match(!envelope.ok ? envelope.error.message : '', /sealed to another session key than this shell holds/);
    assert.deepEqual(findSecret(JSON.stringify(envelope), PASSWORD), []);
    assert.ok((await read()).ok, 'the session itself seals to the new shell’s key');
  });

  it('an altered sealed secret is refused as secret-unreadable, before anything runs', async () => {
    assert.ok((await read()).ok);
    const line = sent.find((l) => parseCall(l)?.operation === 'Get-GuestDisplayDevices')!;
    const args = parseCall(line)!.args as { Credential: { Password: string } };
    const [version, keyId, blob] = args.Credential.Password.split(':');
    const bytes = Buffer.from(blob!, 'base64');
    bytes[bytes.length - 40] ^= 0x80;
    args.Credential.Password = `${version}:${keyId}:${bytes.toString('base64')}`;
    const envelope = await answerTo(
      `Invoke-GpuPv -Operation 'Get-GuestDisplayDevices' -Payload '${Buffer.from(JSON.stringify(args)).toString('base64')}'`,
    );
    assert.equal(!envelope.ok && envelope.error.id, 'secret-unreadable');
    const result = await read('wrong');
    assert.equal(
      !result.ok && result.error.id,
      'guest-credentials-rejected',
      'an opened wrong password reaches the guest, which refuses it',
    );
  });
});
