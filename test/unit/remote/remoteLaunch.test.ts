/**
 * What a remote host's shell is sent. The local shell starts as for this computer; its
 * startup lines import the module, then one connect line carries the connection (and the password,
 * sealed to that shell's session key) as base64 over stdin. The lines are the same for a simulated
 * host playing a remote one.
 */
import * as assert from 'node:assert/strict';
import { launchFor, type HostConfig, type LaunchEnvironment } from '../../../src/host/hostConfig';
import { ok } from '../../../src/core/errors';
import { CONNECT_TIMEOUT_MS, type RemoteCredential } from '../../../src/host/remoteLaunch';
import type { ShellLaunch } from '../../../src/host/session';
import { memoryCredentials } from '../../support/credentials';
import { parseConnect } from '../../../src/host/wire';
import { SimulatedSessionKey } from '../../../src/simulator/secrets/sessionKeys';
import { sessionKeyOf } from '../../support/sealing';
import { checkCommands, formatIssue, signaturesOfFunctions } from '../../support/cmdletSignatures';
import { GPUPV_MODULE, listCommands, listFunctions, loadPowerShellParser, repoFile, syntaxErrors } from '../../support/powershellSyntax';
import { formatImportModule } from '../../../src/host/wire';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ENV: LaunchEnvironment = {
  extensionPath: 'C:\\ext',
  storagePath: 'C:\\storage',
  powershellExecutable: 'powershell.exe',
  nodeExecutable: 'node',
};
const PASSWORD = 'Zugang-9c1f!$(calc)`"\'';
const CREDENTIAL: RemoteCredential = { userName: 'CONTOSO\\hvadmin', password: PASSWORD };

/** The shell the line is for: a password is sealed to its key, and `args` are what it opens. */
const shell = new SimulatedSessionKey();

/** The line the launch's sign-in sends, sealed to the test's shell when it carries a password. */
async function sentLine(launch: ShellLaunch): Promise<string> {
  assert.ok(launch.signIn, 'a remote host signs in');
  let sent = '';
  await launch.signIn.connect(async (line) => {
    const built = typeof line === 'string' ? ok(line) : line(sessionKeyOf(shell.publicKey()));
    assert.ok(built.ok);
    sent = built.value;
    return ok(undefined);
  });
  return sent;
}

async function connectLine(config: HostConfig, credential: RemoteCredential | null = CREDENTIAL): Promise<{ line: string; args: unknown }> {
  const line = await sentLine(launchFor(config, ENV, memoryCredentials(credential ?? undefined)));
  const parsed = parseConnect(line);
  assert.ok(parsed, line);
  const opened = shell.openAll<unknown>(parsed.args);
  assert.ok('args' in opened, 'the shell opens what was sealed to it');
  return { line, args: opened.args };
}

describe('a remote host’s shell: startup lines and the connect line', () => {
  before(async function () {
    this.timeout(10_000);
    await loadPowerShellParser();
  });

  it('starts the local PowerShell as for this computer, with the module import as the only startup line', () => {
    const launch = launchFor({ kind: 'remote', name: 'HV1', transport: 'winrm', address: 'hv1' }, ENV, memoryCredentials(CREDENTIAL));
    assert.equal(launch.executable, 'powershell.exe');
    assert.deepEqual(launch.executableOptions, {
      '-NoLogo': true,
      '-NoProfile': true,
      '-NonInteractive': true,
      '-ExecutionPolicy': 'Bypass',
    });
    assert.deepEqual(launch.startupLines, [formatImportModule(path.join('C:\\ext', 'dist', 'powershell', 'GpuPv.psm1'))]);
    // Only the terminal type (pwsh off Windows would print terminal sequences into the replies): no secret.
    assert.deepEqual(launch.env, { TERM: 'dumb' });
    assert.match(launch.description, /WinRM to hv1/);
  });

  it('WinRM: HTTPS, Negotiate, port 5986 and the stored account', async () => {
    const { args } = await connectLine({
      kind: 'remote',
      name: 'HV1',
      transport: 'winrm',
      address: 'hv1.contoso.com',
      port: 5986,
      useSsl: true,
      authentication: 'Negotiate',
    });
    assert.deepEqual(args, {
      Transport: 'winrm',
      Address: 'hv1.contoso.com',
      TimeoutMs: CONNECT_TIMEOUT_MS,
      Port: 5986,
      UseSsl: true,
      Authentication: 'Negotiate',
      Credential: { UserName: 'CONTOSO\\hvadmin', Password: PASSWORD },
    });
  });

  it('WinRM without a stored account signs in as the user running VS Code (no -Credential), Default authentication not passed', async () => {
    const { args } = await connectLine(
      { kind: 'remote', name: 'HV1', transport: 'winrm', address: 'hv1', authentication: 'Default' },
      null,
    );
    assert.deepEqual(args, { Transport: 'winrm', Address: 'hv1', TimeoutMs: CONNECT_TIMEOUT_MS });
  });

  it('SSH: host name, port, user and key file; a stored password is never sent (SSH remoting signs in with a key)', async () => {
    const { line, args } = await connectLine({
      kind: 'remote',
      name: 'HV2',
      transport: 'ssh',
      address: '10.0.0.12',
      port: 2222,
      userName: 'admin',
      keyFilePath: '/home/me/.ssh/id_ed25519',
    });
    assert.deepEqual(args, {
      Transport: 'ssh',
      Address: '10.0.0.12',
      TimeoutMs: CONNECT_TIMEOUT_MS,
      Port: 2222,
      UserName: 'admin',
      KeyFilePath: '/home/me/.ssh/id_ed25519',
    });
    assert.ok(
      !Buffer.from(line.slice(line.indexOf("'") + 1, -1), 'base64')
        .toString('utf8')
        .includes(PASSWORD),
    );
  });

  it('an account with an apostrophe reaches the connect payload exactly, and the line stays one literal', async () => {
    const oBrien = "CONTOSO\\O'Brien";
    const winrm = await connectLine(
      { kind: 'remote', name: 'HV1', transport: 'winrm', address: 'hv1' },
      { userName: oBrien, password: PASSWORD },
    );
    assert.deepEqual((winrm.args as { Credential: unknown }).Credential, { UserName: oBrien, Password: PASSWORD });
    assert.match(winrm.line, /^Connect-GpuPvRemote -Payload '[A-Za-z0-9+/]+=*'$/);
    const ssh = await connectLine({ kind: 'remote', name: 'HV2', transport: 'ssh', address: 'hv2', userName: "O'Brien" });
    assert.equal((ssh.args as { UserName: string }).UserName, "O'Brien");
  });

  it('a cluster connects to its cluster name', async () => {
    const { args } = await connectLine({
      kind: 'cluster',
      name: 'Prod',
      clusterName: 'HV-CLUSTER',
      transport: 'winrm',
      authentication: 'Kerberos',
    });
    assert.deepEqual(args, {
      Transport: 'winrm',
      Address: 'HV-CLUSTER',
      TimeoutMs: CONNECT_TIMEOUT_MS,
      Authentication: 'Kerberos',
      Credential: { UserName: 'CONTOSO\\hvadmin', Password: PASSWORD },
    });
  });

  it('the connect line is one line, one command of the module with one single-quoted base64 literal; the password is only inside it', async () => {
    const { line } = await connectLine({ kind: 'remote', name: 'HV1', transport: 'winrm', address: 'hv1' });
    assert.match(line, /^Connect-GpuPvRemote -Payload '[A-Za-z0-9+/]+={0,2}'$/);
    assert.ok(!line.includes(PASSWORD) && !line.includes('Zugang'));
    assert.deepEqual(syntaxErrors(line), []);
    const module = readFileSync(repoFile(GPUPV_MODULE), 'utf8');
    const extra = signaturesOfFunctions(listFunctions(module), 'GpuPv');
    assert.deepEqual(checkCommands(listCommands(line), { extra }).map(formatIssue), []);
  });

  it('a simulated host playing a remote one is sent exactly the same lines; only the executable differs', async () => {
    const remote = { transport: 'winrm' as const, address: 'hv1', useSsl: true, port: 5986 };
    const realConfig: HostConfig = { kind: 'remote', name: 'HV1', ...remote };
    const simulatedConfig: HostConfig = {
      kind: 'simulated',
      name: 'HV1',
      scenario: 'server2025-sriov',
      remote: { ...remote, latencyMs: 10 },
    };
    const real = launchFor(realConfig, ENV, memoryCredentials(CREDENTIAL));
    const simulated = launchFor(simulatedConfig, ENV, memoryCredentials(CREDENTIAL));
    assert.deepEqual(simulated.startupLines, real.startupLines);
    // Each sealing is random: the same arguments, opened by the shell, and lines of the same length.
    const [realLine, simulatedLine] = [await connectLine(realConfig), await connectLine(simulatedConfig)];
    assert.deepEqual(simulatedLine.args, realLine.args);
    assert.equal(simulatedLine.line.length, realLine.line.length);
    assert.equal(simulated.executable, 'node');
    assert.deepEqual(JSON.parse(simulated.env!.GPUPV_SIM_REMOTE!), { latencyMs: 10 });
  });

  it('the password is in no part of the launch: arguments, environment, description', () => {
    for (const config of [
      { kind: 'remote', name: 'HV1', transport: 'winrm', address: 'hv1' },
      { kind: 'simulated', name: 'S', scenario: 'server2025-sriov', remote: { transport: 'winrm', address: 's' } },
      {
        kind: 'cluster',
        name: 'C',
        clusterName: 'c',
        transport: 'winrm',
        simulated: { scenario: 'server2025-sriov', nodes: [{ name: 'N1', scenario: 'server2025-sriov', state: 'Up' }] },
      },
    ] as HostConfig[]) {
      const launch = launchFor(config, ENV, memoryCredentials(CREDENTIAL));
      assert.ok(!JSON.stringify(launch).includes('Zugang'), JSON.stringify(launch));
    }
  });
});
