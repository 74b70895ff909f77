/**
 * PowerShell remoting's own error texts, as New-PSSession's error record renders them (the
 * `ToString()` our module sends): WinRM's and OpenSSH's words, with the host's address. The
 * extension maps them to error ids in src/core/hostErrors.ts; test/unit/core/remoteErrors.test.ts
 * checks both against texts users reported.
 */
import type { Envelope } from '../../host/protocol';

const TROUBLESHOOTING = 'For more information, see the about_Remote_Troubleshooting Help topic.';

function openError(message: string, fullyQualifiedErrorId: string, category = 'OpenError'): Envelope {
  return { ok: false, error: { id: 'hyperv-error', message, category, fullyQualifiedErrorId } };
}

export function winRmUnreachable(address: string): Envelope {
  return openError(
    `[${address}] Connecting to remote server ${address} failed with the following error message : WinRM cannot ` +
      `complete the operation. Verify that the specified computer name is valid, that the computer is accessible ` +
      `over the network, and that a firewall exception for the WinRM service is enabled and allows access from ` +
      `this computer. By default, the WinRM firewall exception for public profiles limits access to remote computers ` +
      `within the same local subnet. ${TROUBLESHOOTING}`,
    'WinRMOperationTimeout,PSSessionOpenFailed',
  );
}

export function winRmAccessDenied(address: string): Envelope {
  return openError(
    `[${address}] Connecting to remote server ${address} failed with the following error message : Access is denied. ${TROUBLESHOOTING}`,
    'AccessDenied,PSSessionOpenFailed',
  );
}

export function winRmTrustedHosts(address: string): Envelope {
  return openError(
    `[${address}] Connecting to remote server ${address} failed with the following error message : The WinRM ` +
      `client cannot process the request. If the authentication scheme is different from Kerberos, or if the ` +
      `client computer is not joined to a domain, then HTTPS transport must be used or the destination machine ` +
      `must be added to the TrustedHosts configuration setting. Use winrm.cmd to configure TrustedHosts. Note ` +
      `that computers in the TrustedHosts list might not be authenticated. You can get more information about ` +
      `that by running the following command: winrm help config. ${TROUBLESHOOTING}`,
    'ServerNotTrusted,PSSessionOpenFailed',
    'InvalidArgument',
  );
}

export function sshUnreachable(address: string, port: number): Envelope {
  return openError(
    `[${address}] The background process reported an error with the following message: The SSH client session ` +
      `has ended with error message: ssh: connect to host ${address} port ${port}: Connection timed out.`,
    '2100,PSSessionOpenFailed',
  );
}

export function sshNoSubsystem(address: string): Envelope {
  return openError(
    `[${address}] The background process reported an error with the following message: The SSH client session ` +
      `has ended with error message: subsystem request failed on channel 0.`,
    '2100,PSSessionOpenFailed',
  );
}

export function sshPermissionDenied(address: string, userName: string): Envelope {
  return openError(
    `[${address}] The background process reported an error with the following message: The SSH client session ` +
      `has ended with error message: ${userName}@${address}: Permission denied (publickey,password,keyboard-interactive).`,
    '2100,PSSessionOpenFailed',
  );
}

export function notHyperVAdministrator(computerName: string): Envelope {
  return {
    ok: false,
    error: {
      id: 'remote-not-hyperv-admin',
      message: `The account is neither an administrator nor a member of Hyper-V Administrators on ${computerName}.`,
      category: 'PermissionDenied',
      fullyQualifiedErrorId: null,
    },
  };
}
