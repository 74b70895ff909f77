/**
 * Maps the text of a PowerShell / Hyper-V error to an error id. The patterns come from the error
 * texts users actually see (test/fixtures/output/errors.catalog.json).
 */
import { isErrorId, type ErrorId, type GpuPvError } from './errors';

export interface HostErrorRecord {
  /** Set by our module for failures it recognises itself; otherwise absent or 'hyperv-error'. */
  readonly id?: string | null;
  readonly message: string;
  readonly fullyQualifiedErrorId?: string | null;
  readonly category?: string | null;
}

const PATTERNS: ReadonlyArray<readonly [RegExp, ErrorId, string]> = [
  // PowerShell remoting (New-PSSession / Invoke-Command), before the generic access-denied text
  // they also contain. Texts as New-PSSession prints them, see test/unit/core/remoteErrors.test.ts.
  // Before the access pattern: a policy refusal is PSSecurityException / UnauthorizedAccess, but no permission problem.
  [
    /cannot be loaded because running scripts is disabled on this system|is not digitally signed\. You cannot run this script|about_Execution_Policies/i,
    'execution-policy-blocked',
    'The host’s PowerShell execution policy does not let the GPU-PV module load.',
  ],
  [
    /must be added to the TrustedHosts configuration setting/i,
    'remote-trusted-hosts',
    'WinRM refuses this host: without Kerberos it must use HTTPS or be in this computer’s TrustedHosts list.',
  ],
  [
    /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i,
    'remote-ssh-host-key',
    'This computer does not know the host’s SSH key (or the key changed): ssh refused to connect.',
  ],
  [
    /no supported WSMan client library was found/i,
    'remote-winrm-unavailable',
    'WinRM is not available from PowerShell on this computer (no WSMan client outside Windows).',
  ],
  [
    /subsystem request failed on channel/i,
    'remote-ssh-subsystem',
    'The host’s SSH server has no “powershell” subsystem (PowerShell 7) configured.',
  ],
  [
    /Access is denied\. For more information, see the about_Remote_Troubleshooting|AccessDenied,PSSession|user name or password is incorrect|Authorization failed|logon session does not exist|Permission denied \((?:publickey|password|keyboard)/i,
    'remote-auth-failed',
    'The host refused the sign-in: wrong user name or password, or the account may not use remoting.',
  ],
  [
    /WinRM cannot complete the operation|ssh: connect to host .*(?:refused|timed out|unreachable)|Could not resolve hostname|cannot connect to the destination specified in the request/i,
    'remote-unreachable',
    'The host cannot be reached over PowerShell remoting.',
  ],
  [
    /PSSessionStateBroken|session state is Broken|remote session might have ended/i,
    'remote-connection-lost',
    'The connection to the remote host was lost.',
  ],
  [
    /The term 'Get-ClusterNode' is not recognized/i,
    'cluster-module-missing',
    'The FailoverClusters PowerShell module is not available on this host.',
  ],
  [
    /upper MMIO region .*above the supported physical address range/is,
    'mmio-above-physical-range',
    'The VM’s high MMIO space does not fit below the host CPU’s physical address limit.',
  ],
  [
    /GPU Partition .*Insufficient system resources/is,
    'gpu-partition-insufficient-resources',
    'The VM’s GPU partition points to a GPU the host cannot supply.',
  ],
  [/not compliant with currently set group policy/i, 'group-policy-not-compliant', 'Group policy on this host blocks assigning this GPU.'],
  [/assigned one or more GPUP partitions/i, 'gpup-blocks-operation', 'Hyper-V refuses this operation on a VM with a GPU partition.'],
  [
    /parameter cannot be found that matches parameter name 'InstancePath'/i,
    'no-instancepath-on-win10',
    'This host cannot choose the GPU: only the default GPU can be assigned.',
  ],
  [/Unable to find a Gpu partition adapter/i, 'adapter-not-found', 'The VM has no matching GPU partition adapter.'],
  [/unable to find a virtual machine with (?:name|ID)/i, 'vm-not-found', 'The VM does not exist on this host.'],
  [
    /module could not be loaded|The term '[^']*-VM[^']*' is not recognized/i,
    'hyperv-missing',
    'The Hyper-V PowerShell module is not available on this host.',
  ],
  // PowerShell Direct (Invoke-Command / New-PSSession -VMId): before the access pattern, whose words it shares.
  [/The credential is invalid|user name or password is incorrect/i, 'guest-credentials-rejected', 'The guest refused the credentials.'],
  [
    /virtual machine '[^']*' is not in running state|is not in running state/i,
    'guest-not-running',
    'The VM must be running for PowerShell Direct.',
  ],
  [/being used by another process/i, 'vm-disk-in-use', 'The VM’s disk is held by another process (mounted on the host?).'],
  [
    /access is denied|You do not have the required permission|UnauthorizedAccess/i,
    'access-denied',
    'Access denied: run VS Code elevated or join the Hyper-V Administrators group.',
  ],
  // Hyper-V's own text for a change the running VM does not allow (Set-VM MMIO, adapters):
  // "The operation cannot be performed while the virtual machine is in its current state."
  [
    /cannot change the state|state of the virtual machine|must be (?:turned )?off|while the virtual machine is in its current state/i,
    'vm-must-be-off',
    'The VM must be turned off for this change.',
  ],
];

export function classifyHostError(record: HostErrorRecord): GpuPvError {
  const detail = record.message;
  if (record.id && record.id !== 'hyperv-error' && isErrorId(record.id)) {
    return { id: record.id, message: firstLine(detail), detail };
  }
  const haystack = `${record.message}\n${record.fullyQualifiedErrorId ?? ''}`;
  for (const [pattern, id, message] of PATTERNS) {
    if (pattern.test(haystack)) return { id, message, detail };
  }
  if (record.category === 'PermissionDenied') {
    return { id: 'access-denied', message: 'Access denied: run VS Code elevated or join the Hyper-V Administrators group.', detail };
  }
  return { id: 'hyperv-error', message: firstLine(detail), detail };
}

function firstLine(text: string): string {
  const line = text
    .split(/\r?\n/)
    .find((l) => l.trim() !== '')
    ?.trim();
  if (!line) return 'Hyper-V reported an error without a message.';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
