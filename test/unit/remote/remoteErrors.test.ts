/**
 * PowerShell remoting's failures become error ids with advice and a fix. The texts are
 * verbatim from reports of real New-PSSession / Enter-PSSession failures (sources next to each),
 * plus the simulator's own, which must classify the same way.
 */
import * as assert from 'node:assert/strict';
import type { ErrorId } from '../../../src/core/errors';
import { classifyHostError } from '../../../src/core/hostErrors';
import * as simulated from '../../../src/simulator/remote/remotingTexts';
import { adviceFor } from '../../../src/ui/errorAdvice';

const REPORTED: ReadonlyArray<{ readonly text: string; readonly id: ErrorId; readonly source: string }> = [
  {
    source: 'github.com/dataplat/dbatools/issues/9368',
    text:
      'New-PSSession : [db01.internal.local] Connecting to remote server db01.internal.local failed with the ' +
      'following error message : WinRM cannot complete the operation. Verify that the specified computer name is ' +
      'valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service ' +
      'is enabled and allows access from this computer. By default, the WinRM firewall exception for public profiles ' +
      'limits access to remote computers within the same local subnet. For more information, see the ' +
      'about_Remote_Troubleshooting Help topic.',
    id: 'remote-unreachable',
  },
  {
    source: 'github.com/MicrosoftDocs/Azure-RMSDocs/issues/869',
    text:
      'New-PSSession : [ps.outlook.com] Connecting to remote server ps.outlook.com failed with the following error ' +
      'message : Access is denied. For more information, see the about_Remote_Troubleshooting Help topic.',
    id: 'remote-auth-failed',
  },
  {
    source: 'github.com/mkellerman/Invoke-CommandAs/issues/31 (FullyQualifiedErrorId : AccessDenied,PSSessionStateBroken)',
    text:
      '[localhost] Connecting to remote server localhost failed with the following error message : Access is denied. ' +
      'For more information, see the about_Remote_Troubleshooting Help topic.',
    id: 'remote-auth-failed',
  },
  {
    source: 'github.com/PowerShell/Win32-OpenSSH/issues/2100 (Kerberos, wrong or unknown account)',
    text:
      'New-PSSession : [another.server.name.fqdn] Connecting to remote server another.server.name.fqdn failed with ' +
      'the following error message : WinRM cannot process the request. The following error with errorcode 0x8009030e ' +
      'occurred while using Kerberos authentication: A specified logon session does not exist. It may already have ' +
      'been terminated.',
    id: 'remote-auth-failed',
  },
  {
    source: 'awakecoding.com/posts/powershell-remoting-trusted-hosts-what-does-it-mean',
    text:
      'Enter-PSSession : Connecting to remote server 10.10.0.7 failed with the following error message : The WinRM ' +
      'client cannot process the request. If the authentication scheme is different from Kerberos, or if the client ' +
      'computer is not joined to a domain, then HTTPS transport must be used or the destination machine must be ' +
      'added to the TrustedHosts configuration setting. Use winrm.cmd to configure TrustedHosts. Note that computers ' +
      'in the TrustedHosts list might not be authenticated. You can get more information about that by running the ' +
      'following command: winrm help config. For more information, see the about_Remote_Troubleshooting Help topic.',
    id: 'remote-trusted-hosts',
  },
  {
    source: 'github.com/PowerShell/PowerShell/issues/9925',
    text:
      'New-PSSession : [xxx.xxx.xxx.xxx] The background process reported an error with the following message: The ' +
      'SSH client session has ended with error message: subsystem request failed on channel 0.',
    id: 'remote-ssh-subsystem',
  },
  {
    source: 'the module over SSH to an unknown host key, ssh’s stderr appended (test/ssh/sshRemote.test.ts)',
    text:
      '[localhost] The SSH client session has ended with error message: The SSH transport process has abruptly ' +
      'terminated causing this remote session to break. ssh: Host key verification failed.',
    id: 'remote-ssh-host-key',
  },
  {
    source: 'PowerShell 7.6.10 on Linux, New-PSSession -ComputerName (test/unit/remote/winrmOffWindows.pwsh.test.ts)',
    text: 'This parameter set requires WSMan, and no supported WSMan client library was found. WSMan is either not installed or unavailable for this system.',
    id: 'remote-winrm-unavailable',
  },
  {
    source: 'Hyper-V itself, to an account outside Hyper-V Administrators once connected (stays access-denied: not a remoting failure)',
    text: "You do not have the required permission to complete this task. Contact the administrator of the authorization policy for the computer 'HV1'.",
    id: 'access-denied',
  },
];

describe('remoting errors → ids', () => {
  for (const { text, id, source } of REPORTED) {
    it(`${id}: ${source}`, () => {
      const error = classifyHostError({ id: 'hyperv-error', message: text, category: 'OpenError' });
      assert.equal(error.id, id);
      assert.equal(error.detail, text, 'the host’s own text stays in the detail (the log shows it)');
    });
  }

  it('the simulator’s remoting texts classify like the real ones', () => {
    const cases: ReadonlyArray<readonly [ReturnType<typeof simulated.winRmUnreachable>, ErrorId]> = [
      [simulated.winRmUnreachable('hv1'), 'remote-unreachable'],
      [simulated.winRmAccessDenied('hv1'), 'remote-auth-failed'],
      [simulated.winRmTrustedHosts('hv1'), 'remote-trusted-hosts'],
      [simulated.sshUnreachable('hv1', 22), 'remote-unreachable'],
      [simulated.sshNoSubsystem('hv1'), 'remote-ssh-subsystem'],
      [simulated.sshPermissionDenied('hv1', 'admin'), 'remote-auth-failed'],
      [simulated.notHyperVAdministrator('HV1'), 'remote-not-hyperv-admin'],
    ];
    for (const [envelope, id] of cases) {
      assert.ok(!envelope.ok);
      assert.equal(classifyHostError(envelope.error).id, id, envelope.error.message);
    }
  });

  it('the module’s own remote ids pass through, and a broken session is a lost connection', () => {
    assert.equal(
      classifyHostError({ id: 'remote-ssh-needs-pwsh7', message: 'SSH remoting needs PowerShell 7' }).id,
      'remote-ssh-needs-pwsh7',
    );
    assert.equal(classifyHostError({ id: 'cluster-module-missing', message: 'no FailoverClusters' }).id, 'cluster-module-missing');
    assert.equal(
      classifyHostError({ id: 'remote-connection-lost', message: 'x', fullyQualifiedErrorId: 'JobFailure,PSSessionStateBroken' }).id,
      'remote-connection-lost',
    );
  });

  it('every remote id has advice; credentials and TrustedHosts offer the fix on the host', () => {
    assert.equal(adviceFor({ id: 'remote-auth-failed', message: '' }).action?.command, 'gpupv.setHostCredentials');
    assert.equal(adviceFor({ id: 'remote-auth-failed', message: '' }).action?.forHost, true);
    assert.equal(adviceFor({ id: 'remote-trusted-hosts', message: '' }).action?.command, 'gpupv.editHost');
    assert.match(adviceFor({ id: 'remote-trusted-hosts', message: '' }).advice, /TrustedHosts/);
    assert.match(adviceFor({ id: 'remote-ssh-subsystem', message: '' }).advice, /Subsystem powershell/);
    assert.match(adviceFor({ id: 'remote-not-hyperv-admin', message: '' }).advice, /Hyper-V Administrators/);
    assert.match(adviceFor({ id: 'remote-unreachable', message: '' }).advice, /Enable-PSRemoting/);
    assert.match(adviceFor({ id: 'cluster-module-missing', message: '' }).advice, /RSAT-Clustering-PowerShell/);
  });
});
