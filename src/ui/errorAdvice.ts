/** What the UI tells the user for each error id, and the action that fixes it where there is one. */
import type { ErrorId, GpuPvError } from '../core/errors';

export interface FixAction {
  readonly title: string;
  readonly command: string;
  readonly arguments?: readonly unknown[];
  /** The host the error belongs to is passed as the command's argument (its tree node). */
  readonly forHost?: boolean;
}

export interface Advice {
  readonly advice: string;
  /** Whether trying the same thing again can help; an access problem will not go away by itself. */
  readonly retry: boolean;
  readonly action?: FixAction;
}

const OPEN_EXECUTABLE_SETTING: FixAction = {
  title: 'Open Setting',
  command: 'workbench.action.openSettings',
  arguments: ['gpupv.powershell.executable'],
};
const SHOW_LOG: FixAction = { title: 'Show Log', command: 'gpupv.showLog' };
const SET_CREDENTIALS: FixAction = { title: 'Set Credentials…', command: 'gpupv.setHostCredentials', forHost: true };
const EDIT_HOST: FixAction = { title: 'Edit Host…', command: 'gpupv.editHost', forHost: true };
const TEST_CONNECTION: FixAction = { title: 'Test Connection', command: 'gpupv.testConnection', forHost: true };

/** How to get PowerShell on this computer's OS (the setting's default is powershell.exe on Windows, pwsh elsewhere). */
export function powershellInstallAdvice(platform: NodeJS.Platform): string {
  const then = 'then set “GPU-PV: PowerShell Executable” to pwsh, or to its full path if it is not on the PATH.';
  switch (platform) {
    case 'win32':
      return (
        'Windows PowerShell 5.1 ships with Windows as powershell.exe: clear “GPU-PV: PowerShell Executable” to use it. ' +
        'For PowerShell 7 (SSH hosts need it) run winget install --id Microsoft.PowerShell or install its MSI package, ' +
        'then set the setting to pwsh.exe.'
      );
    case 'darwin':
      return `Install PowerShell 7 with brew install --cask powershell, its .pkg package, or as a .NET tool (dotnet tool install --global PowerShell); ${then}`;
    default:
      return (
        `Install PowerShell 7 from your distribution’s packages (Microsoft’s powershell package for Debian, Ubuntu, ` +
        `Fedora or RHEL, or the snap) or as a .NET tool (dotnet tool install --global PowerShell); ${then}`
      );
  }
}

const ADVICE: Record<ErrorId, Advice> = {
  'shell-not-found': {
    advice: 'Set “GPU-PV: PowerShell Executable” to powershell.exe (Windows PowerShell 5.1) or the full path of pwsh.exe.',
    retry: true,
    action: OPEN_EXECUTABLE_SETTING,
  },
  'powershell-missing': { advice: powershellInstallAdvice(process.platform), retry: false, action: OPEN_EXECUTABLE_SETTING },
  'shell-start-failed': {
    advice: 'The shell started but our module did not load. The log shows the shell’s own message.',
    retry: true,
    action: SHOW_LOG,
  },
  'shell-timeout': {
    advice: 'The host was too slow or stuck; its shell was restarted. Retry, or raise “GPU-PV: Call Timeout Seconds”.',
    retry: true,
  },
  'shell-crashed': { advice: 'The host’s shell stopped; the next call starts a new one.', retry: true },
  'shell-stderr': {
    advice: 'Something in the host’s PowerShell profile or environment wrote an error. The log shows it.',
    retry: true,
    action: SHOW_LOG,
  },
  'protocol-invalid': {
    advice: 'The host answered something the extension does not understand. The log shows the answer.',
    retry: true,
    action: SHOW_LOG,
  },
  'session-disposed': { advice: 'The host was removed or reconfigured while the call ran.', retry: true },
  'secret-key-changed': {
    advice:
      'The host’s shell no longer holds the key the password was sealed to (it was restarted). Try again: the password is sealed to the new shell.',
    retry: true,
  },
  'secret-unreadable': {
    advice:
      'The host could not open the sealed password: it was altered on the way or sealed to another shell. Nothing ' +
      'was decrypted or sent in clear. Try again; the log shows the host’s answer.',
    retry: true,
    action: SHOW_LOG,
  },
  'hyperv-missing': {
    advice:
      'Enable Hyper-V and its PowerShell module: Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V-All, then restart Windows.',
    retry: true,
  },
  'access-denied': {
    advice: 'Run VS Code as administrator, or add your account to the local “Hyper-V Administrators” group and sign in again.',
    retry: false,
  },
  'vm-not-found': { advice: 'The VM was renamed or deleted; refresh the host.', retry: true },
  'adapter-not-found': { advice: 'The VM has no such GPU partition adapter; refresh the host.', retry: true },
  'vm-must-be-off': { advice: 'Shut the VM down first, then apply the change.', retry: false },
  'invalid-argument': { advice: 'The request was refused before it reached the host.', retry: false },
  'unknown-operation': { advice: 'The host runs another version of the GPU-PV module. Reload the window.', retry: false },
  'remote-unreachable': {
    advice:
      'Check the address and that the host runs WinRM (Enable-PSRemoting, firewall port 5985, or 5986 with SSL) or, ' +
      'for SSH, sshd on port 22; then test the connection.',
    retry: true,
    action: TEST_CONNECTION,
  },
  'remote-auth-failed': {
    advice:
      'Set the host’s user name and password again (DOMAIN\\user or HOST\\user); for SSH, check the key file and that the key is authorised on the host.',
    retry: false,
    action: SET_CREDENTIALS,
  },
  'remote-trusted-hosts': {
    advice:
      'Outside a domain WinRM needs HTTPS or TrustedHosts: turn on “Use SSL” for this host (listener on 5986), or on ' +
      'this computer run Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value <host> -Concatenate as ' +
      'administrator.',
    retry: false,
    action: EDIT_HOST,
  },
  'remote-ssh-subsystem': {
    advice:
      'On the host, install PowerShell 7 and add “Subsystem powershell c:/progra~1/powershell/7/pwsh.exe -sshs ' +
      '-NoLogo” to %ProgramData%\\ssh\\sshd_config, then Restart-Service sshd.',
    retry: false,
    action: TEST_CONNECTION,
  },
  'remote-ssh-needs-pwsh7': {
    advice:
      'SSH remoting needs PowerShell 7.3 or later on this computer: set “GPU-PV: PowerShell Executable” to pwsh.exe, or use WinRM for this host.',
    retry: false,
    action: OPEN_EXECUTABLE_SETTING,
  },
  'remote-ssh-host-key': {
    advice:
      'Connect once from a terminal on this computer with ssh <user>@<host> (-p <port> for another port), check ' +
      'that the fingerprint it shows is the host’s (ssh-keygen -lf on the host’s key), accept it, then test ' +
      'the connection. If the key changed, find out why before you remove the old entry from known_hosts.',
    retry: false,
    action: TEST_CONNECTION,
  },
  'remote-winrm-unavailable': {
    advice:
      'WinRM needs Windows on this computer: PowerShell on Linux and macOS has no WSMan client. Edit the host ' +
      'to use SSH (PowerShell 7 and the OpenSSH server on the host).',
    retry: false,
    action: EDIT_HOST,
  },
  'execution-policy-blocked': {
    advice:
      'An execution policy set by Group Policy (AllSigned or Restricted) overrides the Bypass the extension sets for ' +
      'its own session. Ask for RemoteSigned (or Bypass) for this account, or sign the extension’s ' +
      'dist/powershell/GpuPv.psm1 with a certificate the host trusts.',
    retry: false,
    action: SHOW_LOG,
  },
  'remote-not-hyperv-admin': {
    advice:
      'On the host, add the account to the local “Hyper-V Administrators” group (Add-LocalGroupMember -Group ' +
      "'Hyper-V Administrators' -Member <user>), then test the connection again.",
    retry: false,
    action: TEST_CONNECTION,
  },
  'remote-connection-lost': {
    advice: 'The remote session ended (host restarted, network dropped); the next refresh reconnects.',
    retry: true,
  },
  'cluster-module-missing': {
    advice:
      'Install the Failover Clustering tools on the host the extension connects to: Install-WindowsFeature RSAT-Clustering-PowerShell.',
    retry: false,
    action: SHOW_LOG,
  },
  'mmio-above-physical-range': {
    advice:
      'This host’s CPU addresses only 64 GB (36-bit): the high MMIO region (its base plus its size) must end below ' +
      '64 GB. Lower the VM’s high MMIO space to 8 GB; if the region’s base is the default 63.5 GB, also move the ' +
      'base lower (Set-VM -HighMemoryMappedIoBaseAddress on recent hosts, or the HighMmioGapBase WMI setting).',
    retry: false,
  },
  'gpu-partition-insufficient-resources': {
    advice: 'The adapter points to a GPU that is gone (card moved, replaced or reinstalled): remove the adapter and assign a current GPU.',
    retry: false,
  },
  'group-policy-not-compliant': {
    advice:
      'Windows Server blocks uncertified GPUs: set RequireSecureDeviceAssignment and ' +
      'RequireSupportedDeviceAssignment to 0 under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\HyperV.',
    retry: false,
  },
  'gpup-blocks-operation': {
    advice: 'VMs with GPU partitions cannot be checkpointed or saved: disable checkpoints and use ShutDown as the stop action.',
    retry: false,
  },
  'no-instancepath-on-win10': { advice: 'Windows 10 cannot choose the GPU: Hyper-V assigns its default GPU.', retry: false },
  'partition-count-invalid': { advice: 'Choose one of the GPU’s valid partition counts.', retry: false },
  'partition-in-use': { advice: 'Remove the partitions VMs hold on this GPU before changing its partition count.', retry: false },
  'guest-not-running': {
    advice:
      'Start the VM and wait for Windows to sign in, or shut it down to sync its driver offline (the VM’s disk is mounted on the host).',
    retry: true,
  },
  'guest-credentials-rejected': {
    advice: 'The guest refused the user name or password. Set the guest credentials again (a local administrator of the guest).',
    retry: false,
    action: { title: 'Set Guest Credentials', command: 'gpupv.setGuestCredentials' },
  },
  'guest-volume-not-found': {
    advice: 'None of the VM’s disks holds a Windows volume the host can read. Start the VM and sync online instead.',
    retry: false,
  },
  'guest-volume-locked': {
    advice:
      'The guest’s Windows volume is encrypted with BitLocker and locked on the host. Start the VM and sync online ' +
      '(PowerShell Direct), or unlock the volume on the host first.',
    retry: false,
  },
  'vm-disk-in-use': {
    advice:
      'Something else holds the VM’s disk: another VS Code window or pipeline syncing a driver into it, or the host’s shell of a ' +
      'remote connection lost less than a minute ago (wait for it to end); a backup, Explorer, or a mount nothing uses any more ' +
      '(Dismount-VHD frees it). Then retry.',
    retry: true,
  },
  'driver-package-missing': {
    advice:
      'The host’s driver record names a package folder that is not there. Reinstall or update the host’s GPU driver, then sync again.',
    retry: false,
  },
  'driver-sync-failed': {
    advice: 'The guest was left as it was before the sync (or is put back on the next sync). The log has the details.',
    retry: true,
    action: SHOW_LOG,
  },
  'disk-still-mounted': {
    advice: 'Run Dismount-VHD -Path <the VM’s disk> on the host before starting the VM; the log names the disk.',
    retry: true,
    action: SHOW_LOG,
  },
  'guest-reparse-point': {
    advice:
      'A junction or symbolic link on the guest’s volume could send the sync’s writes and removals outside the ' +
      'guest, so it never follows one. Delete the link the message names inside the guest (or the whole ' +
      'Windows\\System32\\HostDriverStore folder, which the next sync fills again), then sync again.',
    retry: false,
  },
  'guest-data-refused': {
    advice:
      'The guest’s own files are not trusted: what they name outside the sync’s folders is never obeyed. Check the ' +
      'file the message names inside the guest, delete it, then sync again.',
    retry: false,
    action: SHOW_LOG,
  },
  'hyperv-error': { advice: 'Hyper-V reported an error; the log has its full text.', retry: true, action: SHOW_LOG },
};

export function adviceFor(error: GpuPvError): Advice {
  return ADVICE[error.id];
}

/** Failures of this computer's own shell: a remote host was never tried, so it is not "unreachable". */
const THIS_COMPUTER: ReadonlySet<ErrorId> = new Set<ErrorId>(['shell-not-found', 'powershell-missing', 'shell-start-failed']);

export function isThisComputersProblem(error: GpuPvError): boolean {
  return THIS_COMPUTER.has(error.id);
}
