/**
 * A guest password never reaches the log channel, the settings, an error message or
 * the shell's command line. Get-GuestDisplayDevices runs with a distinctive password through the
 * production session and client (with a recording logger and every sent line kept): right
 * password, wrong password, refused arguments and every fault the simulated host can inject.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GpuPvError, Result } from '../../../src/core/errors';
import type { Logger } from '../../../src/core/logger';
import { HostClient } from '../../../src/host/hostClient';
import { hostConfigSchema } from '../../../src/host/hostConfig';
import { PowerShellSession } from '../../../src/host/session';
import { isSealedSecret } from '../../../src/host/secrets/sealedSecret';
import { Secret } from '../../../src/host/secrets/secret';
import { parseCall } from '../../../src/host/wire';
import type { ScenarioInput } from '../../../src/simulator/hyperv/state';
import { recordSentLines, REPO_ROOT, startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';

/** GPU-Workstation in win11-workstation: Running, with a guest. */
const VM_ID = '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c';
const USER = 'dev';
const PASSWORD = 'Kanarien-7f3e9b!pässwörd-$(whoami)';
const WRONG_PASSWORD = 'Falsch-41c2d8?kennwort-`n';
/** Pieces that must not appear either: long enough to be unmistakable. */
const SECRET_PIECES = [PASSWORD, WRONG_PASSWORD, 'Kanarien-7f3e9b', 'Falsch-41c2d8'];

function scenarioWithPassword(): ScenarioInput {
  const file = path.join(REPO_ROOT, 'src', 'simulator', 'scenarios', 'win11-workstation.json');
  const scenario = JSON.parse(fs.readFileSync(file, 'utf8')) as { vms: { vmId: string; guest?: { user: string; password: string } }[] };
  const vm = scenario.vms.find((v) => v.vmId === VM_ID);
  assert.ok(vm?.guest, 'the scenario VM has a guest');
  vm.guest.user = USER;
  vm.guest.password = PASSWORD;
  return scenario as unknown as ScenarioInput;
}

function assertNoSecret(text: string, where: string): void {
  for (const secret of SECRET_PIECES) assert.ok(!text.includes(secret), `${where} holds a password: ${text.slice(0, 200)}`);
}

function errorText(error: GpuPvError): string {
  return JSON.stringify(error);
}

describe('guest passwords stay secret', function () {
  this.timeout(30_000);
  let host: SimulatedHost;
  let session: PowerShellSession;
  let client: HostClient;
  const logLines: string[] = [];
  const sentLines: string[] = [];
  const errors: GpuPvError[] = [];
  const recordingLogger: Logger = {
    trace: (m) => logLines.push(`trace ${m}`),
    debug: (m) => logLines.push(`debug ${m}`),
    info: (m) => logLines.push(`info ${m}`),
    warn: (m) => logLines.push(`warn ${m}`),
    error: (m) => logLines.push(`error ${m}`),
  };

  async function read(password: string): Promise<Result<unknown>> {
    const result = await client.invoke('Get-GuestDisplayDevices', {
      VMId: VM_ID,
      Credential: { UserName: USER, Password: new Secret(password) },
    });
    if (!result.ok) errors.push(result.error);
    return result;
  }

  before(() => {
    host = startSimulatedHost({ scenario: scenarioWithPassword(), callTimeoutMs: 10_000 });
    // The production session and client, with the recording logger and every sent line kept.
    session = new PowerShellSession(host.launch, { callTimeoutMs: 10_000, startTimeoutMs: 15_000, log: recordingLogger });
    recordSentLines(session, sentLines);
    client = new HostClient(session, host.config.name, recordingLogger);
  });
  after(async () => {
    await session.dispose();
    await host.dispose();
  });

  it('the right password reads the guest', async () => {
    const result = await read(PASSWORD);
    assert.ok(result.ok, result.ok ? '' : result.error.message);
  });

  it('a wrong password fails with an error that does not hold either password', async () => {
    const result = await read(WRONG_PASSWORD);
    assert.equal(result.ok, false);
    assert.equal(!result.ok ? result.error.id : '', 'guest-credentials-rejected');
    assert.match(!result.ok ? (result.error.detail ?? '') : '', /credential is invalid/i, "the guest's own words are kept as the detail");
    assertNoSecret(errorText(!result.ok ? result.error : ({} as GpuPvError)), 'the error');
  });

  it('a password the protocol refuses (too long) is refused without echoing it, and nothing is sent', async () => {
    const sentBefore = sentLines.length;
    const result = await read(PASSWORD.repeat(40));
    assert.equal(!result.ok && result.error.id, 'invalid-argument');
    assert.equal(sentLines.length, sentBefore);
  });

  for (const fault of ['crash', 'hang', 'garbage', 'half-envelope', 'stderr', 'error'] as const) {
    it(`${fault === 'error' ? 'an' : 'a'} ${fault} during the call fails without the password in the error or the log`, async () => {
      host.injectFaults([{ operation: 'Get-GuestDisplayDevices', kind: fault }]);
      const result = await read(PASSWORD);
      assert.equal(result.ok, false, `the ${fault} fails the call`);
      assertNoSecret(errorText(!result.ok ? result.error : ({} as GpuPvError)), `the ${fault} error`);
      assert.ok((await read(PASSWORD)).ok, 'the next read works');
    });
  }

  it('no log line, at any level, holds a password or a call’s payload', () => {
    assert.ok(
      logLines.some((l) => l.includes('Get-GuestDisplayDevices')),
      'the calls were logged',
    );
    for (const line of logLines) assertNoSecret(line, 'the log');
    const payloads = sentLines
      .map((l) => parseCall(l) && /-Payload '([^']*)'/.exec(l)?.[1])
      .filter((p): p is string => !!p && p.length > 8);
    for (const line of logLines)
      for (const payload of payloads) assert.ok(!line.includes(payload), `the log holds a payload: ${line.slice(0, 120)}`);
  });

  it('no error message or detail holds a password', () => {
    assert.ok(errors.length >= 8, `errors seen: ${errors.length}`);
    for (const error of errors) assertNoSecret(errorText(error), 'an error');
  });

  it('the password travels only sealed inside the payload, never in clear on the command line', () => {
    const guestCalls = sentLines.filter((l) => l.includes("-Operation 'Get-GuestDisplayDevices'"));
    assert.ok(guestCalls.length >= 10);
    for (const line of sentLines) {
      assertNoSecret(line, 'a sent line');
      const withoutPayload = line.replace(/-Payload '[^']*'/, '');
      assertNoSecret(Buffer.from(withoutPayload).toString('base64'), 'a sent line outside its payload');
    }
    for (const line of guestCalls) {
      const call = parseCall(line);
      assert.ok(call, line);
      const credential = (call.args as { Credential: { Password: string } }).Credential;
      assert.ok(isSealedSecret(credential.Password), 'the decoded payload holds it sealed');
      assertNoSecret(credential.Password, 'the sealed password');
    }
    for (const line of host.launch.startupLines) assertNoSecret(line, 'a startup line');
  });

  it('the shell’s arguments and environment do not hold it', () => {
    const launch = host.launch;
    assertNoSecret(JSON.stringify({ executable: launch.executable, options: launch.executableOptions, env: launch.env }), 'the launch');
    const pid = (session as unknown as { handle?: { shell: { process?: { pid?: number } } } }).handle?.shell.process?.pid;
    assert.ok(pid, 'the shell runs');
    for (const file of ['cmdline', 'environ']) {
      const proc = `/proc/${pid}/${file}`;
      if (!fs.existsSync(proc)) continue;
      assertNoSecret(fs.readFileSync(proc).toString('utf8'), `the process ${file}`);
    }
    assertNoSecret(JSON.stringify(process.env), 'the extension host’s environment');
  });

  it('settings cannot hold a credential: no gpupv.* setting has a credential property, and a host entry drops one', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: unknown } };
    const names: string[] = [];
    const walk = (node: unknown, key: string): void => {
      if (key) names.push(key);
      if (Array.isArray(node)) node.forEach((n) => walk(n, ''));
      else if (node && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) walk(v, k === 'properties' || k === 'items' ? '' : k);
    };
    const configuration = pkg.contributes.configuration;
    const sections = Array.isArray(configuration) ? configuration : [configuration];
    for (const section of sections as { properties: Record<string, unknown> }[]) {
      for (const [setting, schema] of Object.entries(section.properties)) {
        assert.ok(setting.startsWith('gpupv.'), setting);
        assert.doesNotMatch(setting, /password|credential|secret|token/i);
        walk(schema, '');
      }
    }
    assert.ok(names.length > 0);
    for (const name of names) assert.doesNotMatch(name, /password|credential|secret|token/i, `a settings schema key: ${name}`);
    const parsed = hostConfigSchema.parse({
      kind: 'simulated',
      name: 'lab',
      scenario: 'win11-workstation',
      password: PASSWORD,
      credential: { password: PASSWORD },
    });
    assertNoSecret(JSON.stringify(parsed), 'a parsed host entry');
  });
});
