/**
 * For remote hosts, a host's password never reaches the log channel, an error message,
 * the settings or the shell's command line. A simulated host playing a remote one is connected
 * through the production session and client, with a recording logger, right and wrong passwords:
 * the password exists only sealed to the shell's key inside the connect line's payload, sent over stdin.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GpuPvError } from '../../../src/core/errors';
import type { Logger } from '../../../src/core/logger';
import { HostClient } from '../../../src/host/hostClient';
import { launchFor } from '../../../src/host/hostConfig';
import type { RemoteCredential } from '../../../src/host/remoteLaunch';
import { PowerShellSession, type ShellLaunch } from '../../../src/host/session';
import { isSealedSecret } from '../../../src/host/secrets/sealedSecret';
import { parseConnect } from '../../../src/host/wire';
import type { ScenarioInput } from '../../../src/simulator/hyperv/state';
import { memoryCredentials } from '../../support/credentials';
import { REPO_ROOT, startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';

const USER = 'CONTOSO\\hvadmin';
const PASSWORD = 'Fernzugang-4e7a1d!$(whoami)`n"\'';
const WRONG = 'Irrtum-8b3c2f;exit';
const SECRETS = [PASSWORD, WRONG, 'Fernzugang-4e7a1d', 'Irrtum-8b3c2f'];

function assertNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} holds a password: ${text.slice(0, 200)}`);
}

function scenarioWithAccount(): ScenarioInput {
  const file = path.join(REPO_ROOT, 'src', 'simulator', 'scenarios', 'server2025-sriov.json');
  const scenario = JSON.parse(fs.readFileSync(file, 'utf8')) as { host: { remoteAccounts: { userName: string; password: string }[] } };
  scenario.host.remoteAccounts = [{ userName: USER, password: PASSWORD }];
  return scenario as unknown as ScenarioInput;
}

describe('remote host passwords stay secret', function () {
  this.timeout(30_000);
  let host: SimulatedHost;
  const logLines: string[] = [];
  const connectLines: string[] = [];
  const errors: GpuPvError[] = [];
  const sessions: PowerShellSession[] = [];
  const logger: Logger = {
    trace: (m) => logLines.push(m),
    debug: (m) => logLines.push(m),
    info: (m) => logLines.push(m),
    warn: (m) => logLines.push(m),
    error: (m) => logLines.push(m),
  };

  /** The production session and client for the simulated remote host, signing in with `credential`. */
  function connectWith(credential: RemoteCredential): { session: PowerShellSession; client: HostClient; launch: ShellLaunch } {
    const launched = launchFor(
      host.config,
      { extensionPath: REPO_ROOT, storagePath: host.storagePath, nodeExecutable: process.execPath, powershellExecutable: 'pwsh' },
      memoryCredentials(credential),
    );
    const signIn = launched.signIn!;
    const launch: ShellLaunch = {
      ...launched,
      signIn: {
        check: () => signIn.check(),
        connect: (send) =>
          signIn.connect((line) => {
            if (typeof line === 'string') {
              connectLines.push(line);
              return send(line);
            }
            return send((key) => {
              const built = line(key);
              if (built.ok) connectLines.push(built.value);
              return built;
            });
          }),
      },
    };
    const session = new PowerShellSession(launch, { callTimeoutMs: 5_000, startTimeoutMs: 15_000, log: logger });
    sessions.push(session);
    return { session, client: new HostClient(session, host.config.name, logger), launch };
  }

  before(() => {
    host = startSimulatedHost({
      scenario: scenarioWithAccount(),
      remote: { transport: 'winrm', address: 'hv1.contoso.test', useSsl: true },
    });
  });
  after(async () => {
    await Promise.all(sessions.map((s) => s.dispose()));
    await host.dispose();
  });

  it('the right password connects; the shell’s arguments, environment and launch do not hold it', async () => {
    const { session, client, launch } = connectWith({ userName: USER, password: PASSWORD });
    const result = await client.inventory();
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    assertNoSecret(
      JSON.stringify({
        executable: launch.executable,
        options: launch.executableOptions,
        env: launch.env,
        lines: launch.startupLines,
        description: launch.description,
      }),
      'the launch',
    );
    const pid = (session as unknown as { handle?: { shell: { process?: { pid?: number } } } }).handle?.shell.process?.pid;
    assert.ok(pid, 'the shell runs');
    for (const file of ['cmdline', 'environ']) {
      const proc = `/proc/${pid}/${file}`;
      if (fs.existsSync(proc)) assertNoSecret(fs.readFileSync(proc).toString('utf8'), `the process ${file}`);
    }
  });

  it('a wrong password fails as remote-auth-failed with an error that holds neither password', async () => {
    const { client } = connectWith({ userName: USER, password: WRONG });
    const result = await client.inventory();
    assert.equal(result.ok, false);
    if (!result.ok) {
      errors.push(result.error);
      assert.equal(result.error.id, 'remote-auth-failed');
    }
    for (const error of errors) assertNoSecret(JSON.stringify(error), 'the error');
  });

  it('the password travels only inside the connect line’s payload, sealed to the shell’s key', () => {
    assert.equal(connectLines.length, 2);
    for (const line of connectLines) {
      assertNoSecret(line, 'a connect line');
      const outside = line.replace(/-Payload '[^']*'/, '');
      assertNoSecret(outside, 'the connect line outside its payload');
      const parsed = parseConnect(line);
      assert.ok(parsed);
      const credential = (parsed.args as { Credential: { Password: string } }).Credential;
      assert.ok(isSealedSecret(credential.Password), 'the decoded payload holds it sealed');
      assertNoSecret(credential.Password, 'the sealed password');
    }
  });

  it('no log line, at any level, holds a password or a connect payload', () => {
    assert.ok(
      logLines.some((l) => /connected/.test(l)),
      'the connection was logged',
    );
    const payloads = connectLines.map((l) => /-Payload '([^']*)'/.exec(l)?.[1] ?? '');
    for (const line of logLines) {
      assertNoSecret(line, 'the log');
      for (const payload of payloads) assert.ok(!line.includes(payload), `the log holds a connect payload: ${line.slice(0, 120)}`);
    }
  });

  it('the simulator records that a connect line arrived, never its payload', () => {
    const file = path.join(host.simDir, 'received.jsonl');
    if (fs.existsSync(file)) assertNoSecret(fs.readFileSync(file, 'utf8'), 'the simulator’s record');
  });
});
