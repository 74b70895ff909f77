/**
 * The cmdlets our PowerShell may call and the parameter names each accepts, so a static check can
 * catch a typo such as `Set-VM -LowMemoryMappedIoSpac` without a Windows host.
 *
 * Sources: the GPU-PV cmdlets and Set-VM from the project's cmdlet reference (test/fixtures/cmdlets.md,
 * which follows Microsoft's Hyper-V docs for Server 2022/2025); the other Hyper-V,
 * Storage and core cmdlets from their Microsoft documentation. Every parameter set is merged into
 * one list: the check is about names, not about which combinations bind.
 *
 * Matching rules (deliberately stricter than PowerShell):
 * - exact names or documented parameter aliases, case-insensitive; abbreviations are refused
 *   (PowerShell accepts any unique prefix, which hides typos until a new parameter makes it ambiguous);
 * - the common parameters are spelled out; their short aliases (-ea, -wa, -ov ...) are refused;
 * - with the default target, parameters that exist only in PowerShell 7 (and -ProgressAction, 7.4)
 *   are refused: the module must also run on Windows PowerShell 5.1;
 * - -WhatIf / -Confirm only where the cmdlet supports ShouldProcess.
 *
 * To add a cmdlet: copy its names from its documentation's SYNTAX block, never from memory.
 */
import type { PsCommand, PsFunction, PsPosition } from './powershellSyntax';

export interface CmdletSignature {
  readonly name: string;
  readonly module: string;
  /** Every parameter of every parameter set, without the common parameters. */
  readonly parameters: readonly string[];
  /** Documented parameter aliases: alias -> parameter. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Parameters that exist only in PowerShell 7 (a subset of `parameters`). */
  readonly ps7Only?: readonly string[];
  /** SupportsShouldProcess: also takes -WhatIf and -Confirm. */
  readonly shouldProcess?: boolean;
  /** Takes the common parameters (cmdlets and advanced functions). Default true. */
  readonly commonParameters?: boolean;
  readonly source: string;
}

/** about_CommonParameters, Windows PowerShell 5.1 and PowerShell 7. */
export const COMMON_PARAMETERS = [
  'Verbose',
  'Debug',
  'ErrorAction',
  'WarningAction',
  'InformationAction',
  'ErrorVariable',
  'WarningVariable',
  'InformationVariable',
  'OutVariable',
  'OutBuffer',
  'PipelineVariable',
] as const;
/** Common parameters added by PowerShell 7.4. */
export const PS7_COMMON_PARAMETERS = ['ProgressAction'] as const;
export const SHOULD_PROCESS_PARAMETERS = ['WhatIf', 'Confirm'] as const;

const CMDLETS_MD = 'cmdlets.md (project cmdlet reference, from Microsoft Hyper-V docs)';
const HYPERV_DOCS = 'Microsoft Learn, Hyper-V module';
const STORAGE_DOCS = 'Microsoft Learn, Storage module';
const CORE_DOCS = 'Microsoft Learn, PowerShell 7.4 / Windows PowerShell 5.1 reference';

/** The remote-host trio every Hyper-V cmdlet takes in its by-name parameter set. */
const HV_HOST = ['CimSession', 'ComputerName', 'Credential'] as const;
const PARTITION_RESOURCES = ['VRAM', 'Encode', 'Decode', 'Compute'].flatMap((r) =>
  ['Min', 'Max', 'Optimal'].map((m) => `${m}Partition${r}`),
);

const SIGNATURES: readonly CmdletSignature[] = [
  // --- Hyper-V: GPU partitioning -------------------------------------------------------------
  { name: 'Get-VMHostPartitionableGpu', module: 'Hyper-V', parameters: [...HV_HOST, 'Name'], source: CMDLETS_MD },
  { name: 'Get-VMPartitionableGpu', module: 'Hyper-V', parameters: [...HV_HOST, 'Name'], source: CMDLETS_MD },
  {
    name: 'Set-VMHostPartitionableGpu',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'HostPartitionableGpu', 'Name', 'PartitionCount', 'Passthru'],
    source: CMDLETS_MD,
  },
  {
    name: 'Set-VMPartitionableGpu',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'PartitionableGpu', 'Name', 'PartitionCount', 'Passthru'],
    source: CMDLETS_MD,
  },
  {
    name: 'Add-VMGpuPartitionAdapter',
    module: 'Hyper-V',
    // -InstancePath: Windows 11 / Server 2022 and later only (feature-detect it).
    parameters: [...HV_HOST, 'VMName', 'VM', 'Passthru', 'InstancePath', ...PARTITION_RESOURCES],
    shouldProcess: true,
    source: CMDLETS_MD,
  },
  {
    name: 'Set-VMGpuPartitionAdapter',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'VMName', 'VM', 'VMGpuPartitionAdapter', 'Passthru', 'AdapterId', ...PARTITION_RESOURCES],
    shouldProcess: true,
    source: CMDLETS_MD,
  },
  {
    name: 'Get-VMGpuPartitionAdapter',
    module: 'Hyper-V',
    // -VMSnapshot (alias -VMCheckpoint): the adapters recorded in a checkpoint.
    parameters: [...HV_HOST, 'VMName', 'VM', 'AdapterId', 'VMSnapshot'],
    aliases: { VMCheckpoint: 'VMSnapshot' },
    source: `${CMDLETS_MD}; -VMSnapshot from the cmdlet's own parameter metadata`,
  },
  {
    name: 'Remove-VMGpuPartitionAdapter',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'VMName', 'VM', 'VMGpuPartitionAdapter', 'Passthru', 'AdapterId'],
    shouldProcess: true,
    source: CMDLETS_MD,
  },

  // --- Hyper-V: VM settings and state ----------------------------------------------------------
  {
    name: 'Get-VM',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'Name', 'Id', 'ClusterObject'],
    aliases: { VMName: 'Name' },
    source: HYPERV_DOCS,
  },
  {
    name: 'Set-VM',
    module: 'Hyper-V',
    parameters: [
      ...HV_HOST,
      'Name',
      'VM',
      'GuestControlledCacheTypes',
      'LowMemoryMappedIoSpace',
      'HighMemoryMappedIoSpace',
      // Recent hosts only (Windows 11 24H2 / Server 2025 parameter metadata); absent from the
      // Server 2022 docs: feature-detect before use.
      'HighMemoryMappedIoBaseAddress',
      'BatteryPassthroughEnabled',
      'ProcessorCount',
      'DynamicMemory',
      'StaticMemory',
      'MemoryMinimumBytes',
      'MemoryMaximumBytes',
      'MemoryStartupBytes',
      'AutomaticStartAction',
      'AutomaticStopAction',
      'AutomaticStartDelay',
      'AutomaticCriticalErrorAction',
      'AutomaticCriticalErrorActionTimeout',
      'AutomaticCheckpointsEnabled',
      'LockOnDisconnect',
      'Notes',
      'NewVMName',
      'SnapshotFileLocation',
      'SmartPagingFilePath',
      'CheckpointType',
      'EnhancedSessionTransportType',
      'AllowUnverifiedPaths',
      'Passthru',
    ],
    aliases: { VMName: 'Name' },
    shouldProcess: true,
    source: `${CMDLETS_MD}; ${HYPERV_DOCS}`,
  },
  {
    name: 'Set-VMMemory',
    module: 'Hyper-V',
    parameters: [
      ...HV_HOST,
      'VMName',
      'VM',
      'VMMemory',
      'Buffer',
      'DynamicMemoryEnabled',
      'MaximumBytes',
      'StartupBytes',
      'MinimumBytes',
      'Priority',
      'MaximumAmountPerNumaNodeBytes',
      'ResourcePoolName',
      'Passthru',
    ],
    shouldProcess: true,
    source: HYPERV_DOCS,
  },
  {
    name: 'Set-VMProcessor',
    module: 'Hyper-V',
    parameters: [
      ...HV_HOST,
      'VMName',
      'VM',
      'VMProcessor',
      'Count',
      'CompatibilityForMigrationEnabled',
      'CompatibilityForOlderOperatingSystemsEnabled',
      'HwThreadCountPerCore',
      'Maximum',
      'Reserve',
      'RelativeWeight',
      'MaximumCountPerNumaNode',
      'MaximumCountPerNumaSocket',
      'ResourcePoolName',
      'EnableHostResourceProtection',
      'ExposeVirtualizationExtensions',
      'Passthru',
    ],
    shouldProcess: true,
    source: HYPERV_DOCS,
  },
  {
    name: 'Set-VMFirmware',
    module: 'Hyper-V',
    parameters: [
      ...HV_HOST,
      'VMName',
      'VM',
      'VMFirmware',
      'BootOrder',
      'FirstBootDevice',
      'EnableSecureBoot',
      'SecureBootTemplate',
      'SecureBootTemplateId',
      'PreferredNetworkBootProtocol',
      'ConsoleMode',
      'PauseAfterBootFailure',
      'Passthru',
    ],
    shouldProcess: true,
    source: HYPERV_DOCS,
  },
  {
    name: 'Start-VM',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'Name', 'VM', 'AsJob', 'Passthru'],
    aliases: { VMName: 'Name' },
    shouldProcess: true,
    source: HYPERV_DOCS,
  },
  {
    name: 'Stop-VM',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'Name', 'VM', 'Save', 'TurnOff', 'Force', 'AsJob', 'Passthru'],
    aliases: { VMName: 'Name' },
    shouldProcess: true,
    source: HYPERV_DOCS,
  },
  {
    // Remove-VMSavedState, Windows Server 2025 docs: parameter sets VMName, VMObject, VMSnapshot.
    name: 'Remove-VMSavedState',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'VMName', 'VM', 'VMSnapshot'],
    aliases: { VMCheckpoint: 'VMSnapshot' },
    shouldProcess: true,
    source: HYPERV_DOCS,
  },
  {
    name: 'Checkpoint-VM',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'Name', 'VM', 'SnapshotName', 'AsJob', 'Passthru'],
    aliases: { VMName: 'Name', CheckpointName: 'SnapshotName' },
    shouldProcess: true,
    source: HYPERV_DOCS,
  },
  {
    name: 'Copy-VMFile',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'Name', 'VM', 'SourcePath', 'DestinationPath', 'FileSource', 'CreateFullPath', 'Force', 'AsJob', 'Passthru'],
    aliases: { VMName: 'Name' },
    shouldProcess: true,
    source: `${CMDLETS_MD}; ${HYPERV_DOCS}`,
  },
  {
    name: 'Mount-VHD',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'Path', 'NoDriveLetter', 'ReadOnly', 'SnapshotId', 'SupportPersistentReservations', 'AsJob', 'Passthru'],
    aliases: { FullName: 'Path' },
    shouldProcess: true,
    source: HYPERV_DOCS,
  },
  {
    name: 'Get-VHD',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'Path', 'DiskNumber', 'VMId'],
    source: HYPERV_DOCS,
  },
  {
    name: 'Get-VMHardDiskDrive',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'VMName', 'VM', 'VMSnapshot', 'VMDriveController', 'ControllerLocation', 'ControllerNumber', 'ControllerType'],
    source: HYPERV_DOCS,
  },
  {
    name: 'Dismount-VHD',
    module: 'Hyper-V',
    parameters: [...HV_HOST, 'Path', 'DiskNumber', 'SnapshotPath', 'Passthru'],
    aliases: { FullName: 'Path' },
    shouldProcess: true,
    source: HYPERV_DOCS,
  },

  // --- Storage, BitLocker, failover clustering ---------------------------------------------
  {
    name: 'Get-Disk',
    module: 'Storage',
    parameters: [
      'Number',
      'UniqueId',
      'FriendlyName',
      'SerialNumber',
      'Path',
      'Partition',
      'VirtualDisk',
      'iSCSISession',
      'iSCSIConnection',
      'StorageSubSystem',
      'StorageNode',
      'StorageJob',
      'PhysicalDisk',
      'CimSession',
      'ThrottleLimit',
      'AsJob',
    ],
    aliases: { DeviceId: 'Number', Id: 'UniqueId' },
    source: STORAGE_DOCS,
  },
  {
    name: 'Get-Partition',
    module: 'Storage',
    parameters: [
      'DiskNumber',
      'PartitionNumber',
      'DiskId',
      'Offset',
      'DriveLetter',
      'Disk',
      'Volume',
      'CimSession',
      'ThrottleLimit',
      'AsJob',
    ],
    aliases: { Number: 'PartitionNumber' },
    source: STORAGE_DOCS,
  },
  {
    name: 'Get-Volume',
    module: 'Storage',
    parameters: [
      'DriveLetter',
      'ObjectId',
      'Path',
      'FileSystemLabel',
      'FriendlyName',
      'UniqueId',
      'Partition',
      'DiskImage',
      'StorageJob',
      'FilePath',
      'FileShare',
      'CimSession',
      'ThrottleLimit',
      'AsJob',
    ],
    aliases: { Id: 'UniqueId' },
    source: STORAGE_DOCS,
  },
  {
    name: 'Add-PartitionAccessPath',
    module: 'Storage',
    parameters: [
      'DiskNumber',
      'PartitionNumber',
      'DiskId',
      'Offset',
      'DriveLetter',
      'InputObject',
      'AccessPath',
      'AssignDriveLetter',
      'PassThru',
      'CimSession',
      'ThrottleLimit',
      'AsJob',
    ],
    source: STORAGE_DOCS,
  },
  {
    name: 'Remove-PartitionAccessPath',
    module: 'Storage',
    parameters: [
      'DiskNumber',
      'PartitionNumber',
      'DiskId',
      'Offset',
      'DriveLetter',
      'InputObject',
      'AccessPath',
      'PassThru',
      'CimSession',
      'ThrottleLimit',
      'AsJob',
    ],
    shouldProcess: true,
    source: STORAGE_DOCS,
  },
  { name: 'Get-BitLockerVolume', module: 'BitLocker', parameters: ['MountPoint'], source: 'Microsoft Learn, BitLocker module' },
  {
    name: 'Get-ClusterNode',
    module: 'FailoverClusters',
    parameters: ['Name', 'InputObject', 'Cluster'],
    source: 'Microsoft Learn, FailoverClusters module',
  },
  {
    name: 'Get-PnpDevice',
    module: 'PnpDevice',
    parameters: ['InstanceId', 'FriendlyName', 'Class', 'Status', 'PresentOnly', 'CimSession', 'ThrottleLimit', 'AsJob'],
    aliases: { DeviceId: 'InstanceId' },
    source: 'Microsoft Learn, PnpDevice module',
  },

  // --- Remoting and files -----------------------------------------------------------------
  {
    name: 'New-PSSession',
    module: 'Microsoft.PowerShell.Core',
    parameters: [
      'ComputerName',
      'Credential',
      'Name',
      'EnableNetworkAccess',
      'ConfigurationName',
      'Port',
      'UseSSL',
      'ApplicationName',
      'ThrottleLimit',
      'SessionOption',
      'Authentication',
      'CertificateThumbprint',
      'ConnectionUri',
      'AllowRedirection',
      'Session',
      'VMId',
      'VMName',
      'ContainerId',
      'RunAsAdministrator',
      'HostName',
      'UserName',
      'KeyFilePath',
      'SSHTransport',
      'Subsystem',
      'SSHConnection',
      'Options',
      'ConnectingTimeout',
      'UseWindowsPowerShell',
    ],
    aliases: { VMGuid: 'VMId' },
    ps7Only: [
      'HostName',
      'UserName',
      'KeyFilePath',
      'SSHTransport',
      'Subsystem',
      'SSHConnection',
      'Options',
      'ConnectingTimeout',
      'UseWindowsPowerShell',
    ],
    source: CORE_DOCS,
  },
  {
    name: 'New-PSSessionOption',
    module: 'Microsoft.PowerShell.Core',
    parameters: [
      'MaximumRedirection',
      'NoCompression',
      'NoMachineProfile',
      'Culture',
      'UICulture',
      'MaximumReceivedDataSizePerCommand',
      'MaximumReceivedObjectSize',
      'OutputBufferingMode',
      'MaxConnectionRetryCount',
      'ApplicationArguments',
      'OpenTimeout',
      'CancelTimeout',
      'IdleTimeout',
      'ProxyAccessType',
      'ProxyAuthentication',
      'ProxyCredential',
      'SkipCACheck',
      'SkipCNCheck',
      'SkipRevocationCheck',
      'OperationTimeout',
      'NoEncryption',
      'UseUTF16',
      'IncludePortInSPN',
    ],
    source: CORE_DOCS,
  },
  {
    name: 'Set-ExecutionPolicy',
    module: 'Microsoft.PowerShell.Security',
    parameters: ['ExecutionPolicy', 'Scope', 'Force'],
    shouldProcess: true,
    source: CORE_DOCS,
  },
  {
    name: 'Remove-PSSession',
    module: 'Microsoft.PowerShell.Core',
    parameters: ['Id', 'Session', 'ContainerId', 'VMId', 'VMName', 'InstanceId', 'Name', 'ComputerName'],
    shouldProcess: true,
    source: CORE_DOCS,
  },
  {
    name: 'Invoke-Command',
    module: 'Microsoft.PowerShell.Core',
    parameters: [
      'ScriptBlock',
      'ArgumentList',
      'InputObject',
      'FilePath',
      'Session',
      'ComputerName',
      'Credential',
      'Port',
      'UseSSL',
      'ConfigurationName',
      'ApplicationName',
      'ThrottleLimit',
      'AsJob',
      'InDisconnectedSession',
      'SessionName',
      'HideComputerName',
      'JobName',
      'SessionOption',
      'Authentication',
      'EnableNetworkAccess',
      'CertificateThumbprint',
      'ConnectionUri',
      'AllowRedirection',
      'NoNewScope',
      'VMId',
      'VMName',
      'ContainerId',
      'RunAsAdministrator',
      'RemoteDebug',
      'HostName',
      'UserName',
      'KeyFilePath',
      'SSHTransport',
      'Subsystem',
      'SSHConnection',
      'Options',
      'ConnectingTimeout',
    ],
    aliases: { Args: 'ArgumentList', VMGuid: 'VMId' },
    ps7Only: [
      'RemoteDebug',
      'HostName',
      'UserName',
      'KeyFilePath',
      'SSHTransport',
      'Subsystem',
      'SSHConnection',
      'Options',
      'ConnectingTimeout',
    ],
    source: CORE_DOCS,
  },
  {
    // Said to the user (never run by the module): how a host admits an account to Hyper-V Administrators.
    name: 'Add-LocalGroupMember',
    module: 'Microsoft.PowerShell.LocalAccounts',
    parameters: ['Group', 'Name', 'SID', 'Member'],
    shouldProcess: true,
    source: 'Microsoft Learn, Microsoft.PowerShell.LocalAccounts module',
  },
  {
    name: 'Copy-Item',
    module: 'Microsoft.PowerShell.Management',
    parameters: [
      'Path',
      'LiteralPath',
      'Destination',
      'Container',
      'Force',
      'Filter',
      'Include',
      'Exclude',
      'Recurse',
      'PassThru',
      'Credential',
      'FromSession',
      'ToSession',
    ],
    aliases: { PSPath: 'LiteralPath', LP: 'LiteralPath' },
    shouldProcess: true,
    source: CORE_DOCS,
  },
  {
    name: 'Get-Item',
    module: 'Microsoft.PowerShell.Management',
    parameters: ['Path', 'LiteralPath', 'Filter', 'Include', 'Exclude', 'Force', 'Credential', 'Stream'],
    aliases: { PSPath: 'LiteralPath', LP: 'LiteralPath' },
    source: CORE_DOCS,
  },
  {
    name: 'Get-FileHash',
    module: 'Microsoft.PowerShell.Utility',
    parameters: ['Path', 'LiteralPath', 'InputStream', 'Algorithm'],
    aliases: { PSPath: 'LiteralPath' },
    source: CORE_DOCS,
  },
  {
    name: 'Get-ChildItem',
    module: 'Microsoft.PowerShell.Management',
    parameters: [
      'Path',
      'LiteralPath',
      'Filter',
      'Include',
      'Exclude',
      'Recurse',
      'Depth',
      'Force',
      'Name',
      'Attributes',
      'FollowSymlink',
      'Directory',
      'File',
      'Hidden',
      'ReadOnly',
      'System',
    ],
    aliases: { PSPath: 'LiteralPath', LP: 'LiteralPath' },
    ps7Only: ['FollowSymlink'],
    source: CORE_DOCS,
  },
  {
    name: 'Get-ItemProperty',
    module: 'Microsoft.PowerShell.Management',
    parameters: ['Path', 'LiteralPath', 'Name', 'Filter', 'Include', 'Exclude', 'Credential'],
    aliases: { PSPath: 'LiteralPath', LP: 'LiteralPath' },
    source: CORE_DOCS,
  },
  {
    name: 'Test-Path',
    module: 'Microsoft.PowerShell.Management',
    parameters: ['Path', 'LiteralPath', 'Filter', 'Include', 'Exclude', 'PathType', 'IsValid', 'Credential', 'OlderThan', 'NewerThan'],
    aliases: { PSPath: 'LiteralPath', LP: 'LiteralPath', Type: 'PathType' },
    source: CORE_DOCS,
  },
  {
    name: 'Join-Path',
    module: 'Microsoft.PowerShell.Management',
    parameters: ['Path', 'ChildPath', 'AdditionalChildPath', 'Resolve', 'Credential'],
    aliases: { PSPath: 'Path' },
    ps7Only: ['AdditionalChildPath'],
    source: CORE_DOCS,
  },
  {
    name: 'New-Item',
    module: 'Microsoft.PowerShell.Management',
    parameters: ['Path', 'Name', 'ItemType', 'Value', 'Force', 'Credential'],
    aliases: { Type: 'ItemType' },
    shouldProcess: true,
    source: CORE_DOCS,
  },
  {
    name: 'Remove-Item',
    module: 'Microsoft.PowerShell.Management',
    parameters: ['Path', 'LiteralPath', 'Filter', 'Include', 'Exclude', 'Recurse', 'Force', 'Credential', 'Stream'],
    aliases: { PSPath: 'LiteralPath', LP: 'LiteralPath' },
    shouldProcess: true,
    source: CORE_DOCS,
  },

  {
    // Windows only; -CentralAccessPolicy and -UseTransaction exist in 5.1 only.
    name: 'Set-Acl',
    module: 'Microsoft.PowerShell.Security',
    parameters: [
      'Path',
      'InputObject',
      'LiteralPath',
      'AclObject',
      'CentralAccessPolicy',
      'ClearCentralAccessPolicy',
      'Passthru',
      'Filter',
      'Include',
      'Exclude',
    ],
    shouldProcess: true,
    source: CORE_DOCS,
  },

  // --- CIM, modules, commands ---------------------------------------------------------------
  {
    name: 'Get-CimInstance',
    module: 'CimCmdlets',
    parameters: [
      'ClassName',
      'Namespace',
      'Filter',
      'Property',
      'Query',
      'QueryDialect',
      'KeyOnly',
      'Shallow',
      'OperationTimeoutSec',
      'CimSession',
      'ComputerName',
      'ResourceUri',
      'InputObject',
    ],
    aliases: { CimInstance: 'InputObject', SelectProperties: 'Property', OT: 'OperationTimeoutSec' },
    source: CORE_DOCS,
  },
  {
    name: 'Get-Command',
    module: 'Microsoft.PowerShell.Core',
    parameters: [
      'Name',
      'Verb',
      'Noun',
      'Module',
      'FullyQualifiedModule',
      'CommandType',
      'TotalCount',
      'Syntax',
      'ShowCommandInfo',
      'ArgumentList',
      'All',
      'ListImported',
      'ParameterName',
      'ParameterType',
      'UseFuzzyMatching',
      'FuzzyMinimumDistance',
      'UseAbbreviationExpansion',
    ],
    aliases: { Args: 'ArgumentList', Type: 'CommandType' },
    ps7Only: ['UseFuzzyMatching', 'FuzzyMinimumDistance', 'UseAbbreviationExpansion'],
    source: CORE_DOCS,
  },
  {
    name: 'Import-Module',
    module: 'Microsoft.PowerShell.Core',
    parameters: [
      'Name',
      'FullyQualifiedName',
      'Assembly',
      'ModuleInfo',
      'Global',
      'Prefix',
      'Function',
      'Cmdlet',
      'Variable',
      'Alias',
      'Force',
      'PassThru',
      'AsCustomObject',
      'MinimumVersion',
      'MaximumVersion',
      'RequiredVersion',
      'ArgumentList',
      'DisableNameChecking',
      'NoClobber',
      'Scope',
      'PSSession',
      'CimSession',
      'CimResourceUri',
      'CimNamespace',
      'UseWindowsPowerShell',
      'SkipEditionCheck',
    ],
    aliases: { Version: 'MinimumVersion', Args: 'ArgumentList' },
    ps7Only: ['UseWindowsPowerShell', 'SkipEditionCheck'],
    source: CORE_DOCS,
  },
  {
    name: 'Export-ModuleMember',
    module: 'Microsoft.PowerShell.Core',
    parameters: ['Function', 'Cmdlet', 'Variable', 'Alias'],
    source: CORE_DOCS,
  },
  {
    // Loading an assembly by name is all the module may do with it (no source compiled: a unit test
    // pins that); the other parameters are listed so the table stays a faithful signature.
    name: 'Add-Type',
    module: 'Microsoft.PowerShell.Utility',
    parameters: [
      'AssemblyName',
      'Name',
      'MemberDefinition',
      'Namespace',
      'UsingNamespace',
      'TypeDefinition',
      'Path',
      'LiteralPath',
      'Language',
      'ReferencedAssemblies',
      'OutputAssembly',
      'OutputType',
      'CompilerOptions',
      'IgnoreWarnings',
      'PassThru',
    ],
    aliases: { RA: 'ReferencedAssemblies', OA: 'OutputAssembly', OT: 'OutputType' },
    ps7Only: ['CompilerOptions'],
    source: CORE_DOCS,
  },
  {
    name: 'New-Object',
    module: 'Microsoft.PowerShell.Utility',
    parameters: ['TypeName', 'ArgumentList', 'Property', 'ComObject', 'Strict'],
    aliases: { Args: 'ArgumentList' },
    source: CORE_DOCS,
  },

  // --- Pipeline and JSON -------------------------------------------------------------------
  {
    name: 'ConvertTo-Json',
    module: 'Microsoft.PowerShell.Utility',
    parameters: ['InputObject', 'Depth', 'Compress', 'EnumsAsStrings', 'AsArray', 'EscapeHandling'],
    ps7Only: ['EnumsAsStrings', 'AsArray', 'EscapeHandling'],
    source: CORE_DOCS,
  },
  {
    name: 'ConvertFrom-Json',
    module: 'Microsoft.PowerShell.Utility',
    parameters: ['InputObject', 'AsHashtable', 'Depth', 'NoEnumerate', 'DateKind'],
    ps7Only: ['AsHashtable', 'Depth', 'NoEnumerate', 'DateKind'],
    source: CORE_DOCS,
  },
  {
    name: 'Select-Object',
    module: 'Microsoft.PowerShell.Utility',
    parameters: [
      'InputObject',
      'Property',
      'ExcludeProperty',
      'ExpandProperty',
      'Unique',
      'CaseInsensitive',
      'Last',
      'First',
      'Skip',
      'SkipLast',
      'Wait',
      'Index',
      'SkipIndex',
    ],
    ps7Only: ['CaseInsensitive', 'SkipLast', 'SkipIndex'],
    source: CORE_DOCS,
  },
  {
    name: 'Where-Object',
    module: 'Microsoft.PowerShell.Core',
    parameters: [
      'InputObject',
      'FilterScript',
      'Property',
      'Value',
      ...['EQ', 'NE', 'GT', 'LT', 'GE', 'LE', 'Like', 'NotLike', 'Match', 'NotMatch', 'Contains', 'NotContains', 'In', 'NotIn'].flatMap(
        (op) => [op, `C${op}`],
      ),
      'Is',
      'IsNot',
      'Not',
    ],
    ps7Only: ['Not'],
    source: CORE_DOCS,
  },
  {
    name: 'ForEach-Object',
    module: 'Microsoft.PowerShell.Core',
    parameters: [
      'InputObject',
      'Begin',
      'Process',
      'End',
      'RemainingScripts',
      'MemberName',
      'ArgumentList',
      'Parallel',
      'ThrottleLimit',
      'TimeoutSeconds',
      'AsJob',
      'UseNewRunspace',
    ],
    aliases: { Args: 'ArgumentList' },
    ps7Only: ['Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace'],
    shouldProcess: true,
    source: CORE_DOCS,
  },
  {
    name: 'Measure-Object',
    module: 'Microsoft.PowerShell.Utility',
    parameters: [
      'InputObject',
      'Property',
      'StandardDeviation',
      'Sum',
      'AllStats',
      'Average',
      'Maximum',
      'Minimum',
      'Line',
      'Word',
      'Character',
      'IgnoreWhiteSpace',
    ],
    ps7Only: ['StandardDeviation', 'AllStats'],
    source: CORE_DOCS,
  },
  {
    name: 'Group-Object',
    module: 'Microsoft.PowerShell.Utility',
    parameters: ['InputObject', 'Property', 'NoElement', 'AsHashTable', 'AsString', 'Culture', 'CaseSensitive'],
    source: CORE_DOCS,
  },
  {
    name: 'Sort-Object',
    module: 'Microsoft.PowerShell.Utility',
    parameters: ['InputObject', 'Property', 'Descending', 'Unique', 'Top', 'Bottom', 'Stable', 'Culture', 'CaseSensitive'],
    ps7Only: ['Top', 'Bottom', 'Stable'],
    source: CORE_DOCS,
  },
];

function key(name: string): string {
  return name.toLowerCase();
}

const BY_NAME: ReadonlyMap<string, CmdletSignature> = new Map(SIGNATURES.map((s) => [key(s.name), s]));

/** Every signature in the table, in table order. */
export function allSignatures(): readonly CmdletSignature[] {
  return SIGNATURES;
}

export function signatureOf(name: string): CmdletSignature | undefined {
  return BY_NAME.get(key(name));
}

/** `Verb-Noun`: what a cmdlet or function name looks like (aliases and executables do not). */
export function isCmdletName(name: string): boolean {
  return /^[A-Za-z]+-[A-Za-z][A-Za-z0-9]*$/.test(name);
}

/**
 * Signatures of the functions a script defines, so calls between them are checked too. A simple
 * function (no [CmdletBinding()] / [Parameter()]) takes no common parameters: `-ErrorAction Stop`
 * would silently land in its $args.
 */
export function signaturesOfFunctions(functions: readonly PsFunction[], module = '(script)'): CmdletSignature[] {
  return functions.map((f) => ({
    name: f.name,
    module,
    parameters: f.parameters,
    commonParameters: f.advanced,
    source: `function defined at line ${f.line}`,
  }));
}

export interface SignatureIssue extends PsPosition {
  readonly command: string;
  readonly parameter?: string;
  readonly message: string;
}

export interface SignatureCheckOptions {
  /** More signatures, e.g. `signaturesOfFunctions(listFunctions(script))`; they win over the table. */
  readonly extra?: readonly CmdletSignature[];
  /** 'desktop-and-core' (default): the code must also run on Windows PowerShell 5.1. */
  readonly target?: 'desktop-and-core' | 'core';
  /** Splatted arguments cannot be checked; refused unless allowed. */
  readonly allowSplatting?: boolean;
}

export function formatIssue(issue: SignatureIssue): string {
  return `${issue.line}:${issue.column} ${issue.command}: ${issue.message}`;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function suggestion(written: string, accepted: readonly string[]): string {
  const lower = written.toLowerCase();
  const prefixed = accepted.filter((n) => n.toLowerCase().startsWith(lower));
  if (prefixed.length > 0) return `; abbreviations are not accepted: spell out ${prefixed.map((n) => `-${n}`).join(' or ')}`;
  const scored = accepted.map((n) => ({ n, d: levenshtein(lower, n.toLowerCase()) })).sort((x, y) => x.d - y.d);
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(lower.length / 4)) ? `; did you mean -${best.n}?` : '';
}

/**
 * Checks one parsed command against the table: the cmdlet must be known and every parameter name
 * must be one of its own, an alias, a common parameter (spelled out) or, with ShouldProcess,
 * -WhatIf/-Confirm. Dynamic invocations (`& $block`) are not checked and yield no issue.
 */
export function checkCommand(command: PsCommand, options: SignatureCheckOptions = {}): SignatureIssue[] {
  if (command.dynamic) return [];
  const at = { line: command.line, column: command.column, command: command.name };
  if (!isCmdletName(command.name)) {
    return [{ ...at, message: 'not a Verb-Noun cmdlet name (an alias or a native command?): use the full cmdlet name' }];
  }
  const extra = options.extra?.find((s) => key(s.name) === key(command.name));
  const signature = extra ?? signatureOf(command.name);
  if (!signature) return [{ ...at, message: 'unknown cmdlet: not in the signature table (test/support/cmdletSignatures.ts)' }];

  const issues: SignatureIssue[] = [];
  if (command.module && key(command.module) !== key(signature.module)) {
    issues.push({ ...at, message: `qualified with module ${command.module}, but it belongs to ${signature.module}` });
  }
  const core = options.target === 'core';
  const ps7Only = new Set((signature.ps7Only ?? []).map(key));
  const accepted = new Map<string, string>();
  for (const p of signature.parameters) accepted.set(key(p), p);
  for (const [alias, target] of Object.entries(signature.aliases ?? {})) accepted.set(key(alias), target);
  if (signature.commonParameters !== false) {
    for (const p of COMMON_PARAMETERS) accepted.set(key(p), p);
    for (const p of PS7_COMMON_PARAMETERS) {
      accepted.set(key(p), p);
      ps7Only.add(key(p));
    }
  }
  if (signature.shouldProcess) for (const p of SHOULD_PROCESS_PARAMETERS) accepted.set(key(p), p);

  const seen = new Map<string, string>();
  for (const parameter of command.parameters) {
    const pat = { line: parameter.line, column: parameter.column, command: command.name, parameter: parameter.name };
    const canonical = accepted.get(key(parameter.name));
    if (!canonical) {
      issues.push({
        ...pat,
        message: `-${parameter.name} is not a parameter of ${signature.name}${suggestion(parameter.name, [...new Set(accepted.values())])}`,
      });
      continue;
    }
    if (!core && ps7Only.has(key(parameter.name))) {
      issues.push({ ...pat, message: `-${parameter.name} exists only in PowerShell 7; this code must also run on Windows PowerShell 5.1` });
    }
    const earlier = seen.get(key(canonical));
    if (earlier !== undefined) {
      issues.push({ ...pat, message: `-${parameter.name} binds -${canonical}, already given as -${earlier}` });
    }
    seen.set(key(canonical), parameter.name);
  }
  if (!options.allowSplatting) {
    for (const splat of command.splats) issues.push({ ...at, message: `@${splat} is splatted: its keys cannot be checked statically` });
  }
  return issues;
}

export function checkCommands(commands: readonly PsCommand[], options: SignatureCheckOptions = {}): SignatureIssue[] {
  return commands.flatMap((c) => checkCommand(c, options));
}
