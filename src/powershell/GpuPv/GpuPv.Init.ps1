#Requires -Version 5.1
<#
    Hyper-V GPU-PV host module (Windows PowerShell 5.1 and PowerShell 7).

    One entry point, Invoke-GpuPv, called once per line by the extension:

        Invoke-GpuPv -Operation 'Get-Inventory' -Payload '<base64 of UTF-8 JSON arguments>'

    It answers with exactly one line on stdout: base64 of the UTF-8 JSON envelope
        { "ok": true,  "result": ... }
        { "ok": false, "error": { "id", "message", "category", "fullyQualifiedErrorId" } }
    and writes nothing to the pipeline or to any other stream: node-powershell treats any byte on
    stderr as a failure, and stray host output would corrupt the one-line reply.

    The module is thin on purpose: it calls the cmdlets and returns their properties as they are.
    Normalising (5.1 vs 7 shapes, enums as numbers or names, one object vs an array, UInt64 beyond
    2^53) happens in TypeScript, where it is tested against recorded output.

    Rules kept here:
    - Arguments come only from the decoded payload and are passed to cmdlets as values. No command
      is ever built from text (no Invoke-Expression, no script blocks from strings).
    - Operations are an explicit allow-list ($script:GpuPvOperations); names match case-sensitively.
    - UInt64 values are passed through untouched (no [double] casts) so ConvertTo-Json prints them
      exactly. UInt64 arguments arrive as decimal digit strings and are parsed with [UInt64]::Parse
      (invariant culture, digits only), never through a floating-point type.
    - A write runs the cmdlets of the extension's "show as PowerShell" preview
      (src/core/actions/powershellPreview.ts), with the same parameters, then answers the VM (or
      GPU) through the same projection as the inventory. What the module checks itself (no
      -InstancePath on Windows 10, ValidPartitionCounts, partitions in use) it answers with its own
      error id; a cmdlet's error travels as 'hyperv-error' with Hyper-V's text.
    - Every call to a Storage cmdlet (CDXML: Get-Disk, Add-PartitionAccessPath, ...) and to BitLocker's
      says -ErrorAction: they are script functions of their own modules, which read the preference
      variables of their module and the global scope, so this module's $ErrorActionPreference = 'Stop'
      does not reach them. (Files are hashed with .NET's SHA256 directly, not Windows PowerShell 5.1's
      script Get-FileHash, which has the same trap.)
    - The module is ASCII only: Windows PowerShell 5.1 reads a file without BOM in the ANSI code page.

    Built from src/powershell/GpuPv (scripts/powershell/build-module.mjs): this file, the start-up
    code and the module's script-scope state, comes first; then the guest-side script blocks
    (Guest/), the private functions (Private/, one per file) and the entry points (Public/).
#>

# Import Hyper-V once, when this module loads. Its absence is a fact reported by Get-HostFacts
# (HyperVModule = false) and by the operations that need it ('hyperv-missing'), not an error here.
$script:HyperVModuleLoaded = $false
try {
    Import-Module -Name 'Hyper-V' -ErrorAction Stop -WarningAction SilentlyContinue -Verbose:$false
    $script:HyperVModuleLoaded = $true
}
catch {
    $script:HyperVModuleLoaded = $false
}

# The only operations a caller can run. Arguments: name -> kind (see ConvertFrom-GpuPvArgument); a
# kind ending in '?' is optional, every other argument is required, and no other argument is
# accepted. Keep in step with OPERATIONS in src/host/protocol.ts (a unit test compares the two).
$script:GpuPvOperations = @{
    'Get-SessionKey'             = @{
        Arguments   = @{}
        NeedsHyperV = $false
        Handler     = { param($Arguments) Get-GpuPvSessionKey }
    }
    'Get-HostFacts'              = @{
        Arguments   = @{}
        NeedsHyperV = $false
        Handler     = { param($Arguments) Get-GpuPvHostFacts }
    }
    'Get-Inventory'              = @{
        Arguments   = @{}
        NeedsHyperV = $true
        Handler     = { param($Arguments) Get-GpuPvInventory }
    }
    'Get-VmInventory'            = @{
        Arguments   = @{ VMId = 'Guid' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Get-GpuPvVmInventory -VMId $Arguments['VMId'] }
    }
    'Add-GpuPartitionAdapter'    = @{
        Arguments   = @{ VMId = 'Guid'; InstancePath = 'InstancePath?'; Sizes = 'PartitionSizes?' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Add-GpuPvPartitionAdapter -Arguments $Arguments }
    }
    'Set-GpuPartitionAdapter'    = @{
        Arguments   = @{ VMId = 'Guid'; AdapterId = 'AdapterId?'; Sizes = 'PartitionSizes' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Set-GpuPvPartitionAdapter -Arguments $Arguments }
    }
    'Remove-GpuPartitionAdapter' = @{
        Arguments   = @{ VMId = 'Guid'; AdapterId = 'AdapterId?' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Remove-GpuPvPartitionAdapter -Arguments $Arguments }
    }
    'Set-VmGpuPvSettings'        = @{
        Arguments   = @{ VMId = 'Guid'; Settings = 'VmSettings' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Set-GpuPvVmSettings -Arguments $Arguments }
    }
    'Set-GpuPartitionCount'      = @{
        Arguments   = @{ InstancePath = 'InstancePath'; PartitionCount = 'PartitionCount' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Set-GpuPvPartitionCount -Arguments $Arguments }
    }
    'Start-Vm'                   = @{
        Arguments   = @{ VMId = 'Guid' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Start-GpuPvVm -Arguments $Arguments }
    }
    'Stop-Vm'                    = @{
        Arguments   = @{ VMId = 'Guid'; TurnOff = 'Boolean' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Stop-GpuPvVm -Arguments $Arguments }
    }
    'Remove-VmSavedState'        = @{
        Arguments   = @{ VMId = 'Guid' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Remove-GpuPvVmSavedState -Arguments $Arguments }
    }
    'Get-DriverPackages'         = @{
        Arguments   = @{ InstancePath = 'InstancePath' }
        NeedsHyperV = $false
        Handler     = { param($Arguments) Get-GpuPvDriverPackages -Arguments $Arguments }
    }
    'Get-GuestDisplayDevices'    = @{
        Arguments   = @{ VMId = 'Guid'; Credential = 'Credential' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Get-GpuPvGuestDisplayDevices -Arguments $Arguments }
    }
    'Get-DriverFileList'         = @{
        Arguments   = @{ Folders = 'HostPaths'; Files = 'HostPaths' }
        NeedsHyperV = $false
        Handler     = { param($Arguments) Get-GpuPvDriverFileList -Arguments $Arguments }
    }
    'Open-GuestDriverStore'      = @{
        Arguments   = @{ Target = 'GuestTarget'; LooseFiles = 'GuestPaths' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Open-GpuPvGuestDriverStore -Arguments $Arguments }
    }
    'Copy-DriverFilesToGuest'    = @{
        Arguments   = @{ Target = 'GuestTarget'; Files = 'CopyFiles' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Copy-GpuPvDriverFilesToGuest -Arguments $Arguments }
    }
    'Invoke-GuestFileOperations' = @{
        Arguments   = @{ Target = 'GuestTarget'; Steps = 'GuestSteps' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Invoke-GpuPvGuestFileOperations -Arguments $Arguments }
    }
    'Close-GuestDriverStore'     = @{
        Arguments   = @{ Target = 'GuestTarget' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Close-GpuPvGuestDriverStore -Arguments $Arguments }
    }
    'Set-DriverSyncRecord'       = @{
        Arguments   = @{ VMId = 'Guid'; Record = 'DriverSyncRecord' }
        NeedsHyperV = $false
        Handler     = { param($Arguments) Set-GpuPvDriverSyncRecord -Arguments $Arguments }
    }
    'Get-ClusterNodes'           = @{
        Arguments   = @{}
        NeedsHyperV = $false
        Handler     = { param($Arguments) Get-GpuPvClusterNodes }
    }
}

# Paths as the protocol allows them (src/host/protocol.ts hostPath / guestPath), checked again here:
# an absolute host path, or a path relative to the guest's Windows folder; neither with a . or ..
# segment. A guest path is also resolved and checked to stay under the Windows folder where it is used.
$script:GpuPvHostPathPattern = '\A[A-Za-z]:\\(?:[^\\/:*?"<>|\x00-\x1f]+\\)*[^\\/:*?"<>|\x00-\x1f]+\z'
$script:GpuPvGuestPathPattern = '\A[^\\/:*?"<>|\x00-\x1f]+(?:\\[^\\/:*?"<>|\x00-\x1f]+)*\z'
$script:GpuPvDotSegmentPattern = '(?:\A|\\)\.{1,2}(?:\\|\z)'

# The arguments of Connect-GpuPvRemote (connectArgsSchema in src/host/protocol.ts).
$script:GpuPvConnectArguments = @{
    Transport      = 'Transport'
    Address        = 'Text'
    Port           = 'Port?'
    UseSsl         = 'Boolean?'
    Authentication = 'Authentication?'
    Credential     = 'Credential?'
    UserName       = 'Text?'
    KeyFilePath    = 'Text?'
    TimeoutMs      = 'Milliseconds'
}
$script:GpuPvAuthentications = @('Negotiate', 'Kerberos', 'CredSSP', 'Basic')

# ---------------------------------------------------------------------------------------------
# Secrets (Private/Secrets). No password crosses the wire in clear: every line PowerShell reads is
# compiled as a script block, and script block logging, module logging and transcription write it
# down. The extension seals each secret to this shell's session key, a NIST P-256 key made in memory
# on the first Get-SessionKey and never written (a new shell has a new key), as ECIES
# (src/host/secrets/sealedSecret.ts):
#   gpupv-sealed-v1:<key id>:<base64 of E | IV | ciphertext | MAC>
# E is a fresh P-256 point per secret; its ECDH agreement Z with this key gives the AES-256 key
# SHA-256(00000001 | Z | info) and the HMAC-SHA256 key SHA-256(00000002 | Z | info), where info is
# 'gpupv-sealed-v1:<key id>:' and E (DeriveKeyFromHash computes exactly that); the ciphertext is
# AES-256-CBC of the UTF-8 text; the MAC covers 'gpupv-sealed-v1:<key id>:', E, the IV and the ciphertext.
# A secret is opened straight into a SecureString. Its bytes and characters are cleared after use and
# are never the argument of a command, only of .NET methods: module logging records every argument
# of every command, an array item by item. A secret that cannot be opened is refused with its own id
# (secret-key-changed, secret-unreadable), never taken in clear. A shell connected to a remote host
# forwards Get-SessionKey like every call: the extension seals calls for the remote host to the key of
# the remote host's copy of this module, and only the connect line's password to this shell's key.
$script:GpuPvSessionKey = $null
$script:GpuPvSealedVersion = 'gpupv-sealed-v1'
$script:GpuPvSealedPattern = '\Agpupv-sealed-v1:([0-9a-f]{16}):([A-Za-z0-9+/]+={0,2})\z'
$script:GpuPvSealedMaxLength = 8192
$script:GpuPvSecretTexts = @{
    'secret-key-changed' = "The secret was sealed to another session key than this shell holds (the shell was restarted or its key renewed): nothing was decrypted. Seal it again to this shell's key."
    'secret-unreadable'  = "The sealed secret cannot be opened with this shell's session key: it was altered, cut short or sealed to another key. Nothing was decrypted."
}

# The built module file, copied into a remote host's session by Connect-GpuPvRemote.
$script:GpuPvModulePath = $PSCommandPath
# Set once this shell is connected to a remote host: Invoke-GpuPv then forwards every call there.
$script:GpuPvRemoteSession = $null

# ---------------------------------------------------------------------------------------------
# Writes (Private/Writes). Each handler runs the cmdlets of the preview (powershellPreview.ts) for its action, with
# the same parameters, starting with the preview's `$vm = Get-VM -Id ...`; optional parameters are
# collected in a hashtable and splatted. Then it answers the VM as Get-VmInventory would (or the GPU
# as Get-Inventory would). Cmdlet output is discarded: the answer is the only output.

# The twelve values of Add-/Set-VMGpuPartitionAdapter, named as their parameters. Only those given
# are passed (never 0 for an unused one).
$script:GpuPvPartitionSizeNames = @(
    'MinPartitionVRAM', 'MaxPartitionVRAM', 'OptimalPartitionVRAM',
    'MinPartitionEncode', 'MaxPartitionEncode', 'OptimalPartitionEncode',
    'MinPartitionDecode', 'MaxPartitionDecode', 'OptimalPartitionDecode',
    'MinPartitionCompute', 'MaxPartitionCompute', 'OptimalPartitionCompute'
)

# The Set-VM parameters a Settings argument may carry (DynamicMemoryEnabled goes to Set-VMMemory).
$script:GpuPvSetVmParameterNames = @('GuestControlledCacheTypes', 'LowMemoryMappedIoSpace', 'HighMemoryMappedIoSpace', 'CheckpointType', 'AutomaticStopAction')

# Enum values by name, exactly as the protocol spells them.
$script:GpuPvCheckpointTypes = @('Disabled', 'Production', 'ProductionOnly', 'Standard')
$script:GpuPvStopActions = @('TurnOff', 'Save', 'ShutDown')

# Facts cannot change while this process lives (the token's groups are fixed at logon, Hyper-V
# was imported or not at load): computed once, on first use.
$script:GpuPvHostFacts = $null

# ---------------------------------------------------------------------------------------------
# Driver sync (Private/DriverSync). The core plans and drives the sync (src/core/drivers/sync); these handlers
# only list host files, open the guest's store, copy, run file steps and close. A "target" is the
# VM's Windows volume mounted on the host (Offline, the VM off) or the running guest over PowerShell
# Direct (Online). What stays open between calls is kept in $script:GpuPvGuestTargets by VMId:
#   Offline: @{ Mode; Root (the guest's Windows folder on the host); DiskPath; DiskNumber;
#              PartitionNumber; AccessPath; DisksSearched }
#   Online:  @{ Mode; Session; GuestTemp }
# Close-GuestDriverStore does not rely on it: it dismounts by the VM's disk paths, so it also works
# from a new shell after a crash.

$script:GpuPvGuestTargets = @{}

# The lock files this shell holds open, by VMId, while it may have the VM's disks mounted (Lock-GpuPvVmDisks).
$script:GpuPvDiskLocks = @{}

# A partition smaller than this cannot hold Windows (EFI, MSR, recovery partitions): not mounted.
$script:GpuPvWindowsPartitionMinimum = 2147483648

# Where the partitions looked at get a folder access path: <ProgramData>\GpuPv\mnt\<VMId prefix>-<disk>-<partition>.
$script:GpuPvMountFolder = 'GpuPv\mnt'

# The security descriptor of that folder and of each mount folder in it, while a guest's volume is
# mounted there: a protected DACL (P: nothing inherited from ProgramData, which lets every user
# create and read), full control (FA) for SYSTEM (SY) and the host's Administrators (BA) only,
# inherited by what is below (OICI). Non-administrators of the host cannot list or open the mount.
$script:GpuPvMountFolderSddl = 'D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'

# Bounds on what is read from a guest, whose administrator may be hostile and chooses these sizes
# (GUEST_LIMITS in src/core/normalize/guestLimits.ts; a unit test compares them; the guest block
# carries its own copies of the first three, since it also runs inside the guest).
$script:GpuPvGuestLimits = @{
    ManifestBytes = 4194304
    JournalBytes  = 5242880
    StoreEntries  = 50000
    Text          = 256
    Devices       = 64
    StoreNames    = 256
    ListItems     = 16
    FailureText   = 1000
}

# SHA-256 of host files by path, length and write time, for this shell's life: a second VM synced
# from the same driver (or a re-run after a failed copy) does not hash the same gigabytes again. The
# sync already trusts length and write time to find unchanged files; a full table is simply dropped.
$script:GpuPvHashCache = @{}
$script:GpuPvHashCacheLimit = 20000
