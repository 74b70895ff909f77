/**
 * Issue 6 §1: what a remote host's shell is sent. The local shell starts as for this computer; its
 * startup lines import the module, then one connect line carries the connection (and the password)
 * as base64 over stdin. The lines are the same for a simulated host playing a remote one.
 */
import * as assert from 'node:assert/strict';
import { launchFor, type HostConfig, type LaunchEnvironment } from '../../../src/host/hostConfig';
import { CONNECT_TIMEOUT_MS, type RemoteCredential } from '../../../src/host/remoteLaunch';
import { parseConnect } from '../../../src/host/wire';
import { checkCommands, formatIssue, signaturesOfFunctions } from '../../support/cmdletSignatures';
import { GPUPV_MODULE, listCommands, listFunctions, loadPowerShellParser, repoFile, syntaxErrors } from '../../support/powershellSyntax';
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

async function connectLine(config: HostConfig, credential: RemoteCredential | null = CREDENTIAL): Promise<{ line: string; args: unknown }> {
  const launch = launchFor(config, ENV, () => Promise.resolve(credential ?? undefined));
  assert.ok(launch.connect, 'a remote host connects');
  const line = await launch.connect();
  const parsed = parseConnect(line);
  assert.ok(parsed, line);
  return { line, args: parsed.args };
}

describe('a remote host’s shell: startup lines and the connect line', () => {
  before(async function () {
    this.timeout(10_000);
    await loadPowerShellParser();
  });

  it('starts the local PowerShell as for this computer, with the module import as the only startup line', () => {
    const launch = launchFor({ kind: 'remote', name: 'HV1', transport: 'winrm', address: 'hv1' }, ENV, () => Promise.resolve(CREDENTIAL));
    assert.equal(launch.executable, 'powershell.exe');
    assert.deepEqual(launch.executableOptions, {
      '-NoLogo': true,
      '-NoProfile': true,
      '-NonInteractive': true,
      '-ExecutionPolicy': 'Bypass',
    });
    assert.deepEqual(launch.startupLines, [
      `Import-Module -Name '${path.join('C:\\ext', 'media', 'powershell', 'GpuPv.psm1')}' -DisableNameChecking`,
    ]);
    assert.equal(launch.env, undefined);
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
    const real = launchFor({ kind: 'remote', name: 'HV1', ...remote }, ENV, () => Promise.resolve(CREDENTIAL));
    const simulated = launchFor(
      { kind: 'simulated', name: 'HV1', scenario: 'server2025-sriov', remote: { ...remote, latencyMs: 10 } },
      ENV,
      () => Promise.resolve(CREDENTIAL),
    );
    assert.deepEqual(simulated.startupLines, real.startupLines);
    assert.equal(await simulated.connect!(), await real.connect!());
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
      const launch = launchFor(config, ENV, () => Promise.resolve(CREDENTIAL));
      assert.ok(!JSON.stringify(launch).includes('Zugang'), JSON.stringify(launch));
    }
  });
});
