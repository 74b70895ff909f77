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
      exactly.
    - This file is ASCII only: Windows PowerShell 5.1 reads a file without BOM in the ANSI code page.
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

# The only operations a caller can run. Arguments: name -> kind ('Guid'); every argument is required
# and no other argument is accepted. Keep in step with OPERATIONS in src/host/protocol.ts (a unit
# test compares the two).
$script:GpuPvOperations = @{
    'Get-HostFacts'   = @{
        Arguments   = @{}
        NeedsHyperV = $false
        Handler     = { param($Arguments) Get-GpuPvHostFacts }
    }
    'Get-Inventory'   = @{
        Arguments   = @{}
        NeedsHyperV = $true
        Handler     = { param($Arguments) Get-GpuPvInventory }
    }
    'Get-VmInventory' = @{
        Arguments   = @{ VMId = 'Guid' }
        NeedsHyperV = $true
        Handler     = { param($Arguments) Get-GpuPvVmInventory -VMId $Arguments['VMId'] }
    }
}

function Invoke-GpuPv {
    # A simple (not advanced) function on purpose: a binding error of an advanced function would be
    # written to stderr before any of our code runs. Both parameters are plain strings.
    param(
        [string] $Operation,
        [string] $Payload
    )
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    $WarningPreference = 'SilentlyContinue'
    $VerbosePreference = 'SilentlyContinue'
    $DebugPreference = 'SilentlyContinue'
    $InformationPreference = 'SilentlyContinue'

    try {
        $reply = Invoke-GpuPvOperation -Operation $Operation -Payload $Payload
    }
    catch {
        # Last resort: a fault in this module itself is still answered as an envelope, not on stderr.
        $reply = New-GpuPvFailure -Id 'hyperv-error' -ErrorRecord $_
    }
    Write-GpuPvReply -Reply $reply
}

function Invoke-GpuPvOperation {
    param(
        [string] $Operation,
        [string] $Payload
    )
    if (-not ([string[]] $script:GpuPvOperations.Keys -ccontains $Operation)) {
        return New-GpuPvFailure -Id 'unknown-operation' -Message ('Unknown operation: {0}' -f $Operation)
    }
    $entry = $script:GpuPvOperations[$Operation]

    try {
        $arguments = ConvertFrom-GpuPvPayload -Payload $Payload -Expected $entry.Arguments
    }
    catch {
        return New-GpuPvFailure -Id 'invalid-argument' -ErrorRecord $_
    }

    if ($entry.NeedsHyperV -and -not $script:HyperVModuleLoaded) {
        return New-GpuPvFailure -Id 'hyperv-missing' -Message 'The Hyper-V PowerShell module is not available on this host.'
    }

    try {
        # Streams 3-6 (warning, verbose, debug, information/Write-Host) are dropped; errors are
        # terminating ($ErrorActionPreference = 'Stop') and land in the catch below.
        $result = & $entry.Handler $arguments 3>$null 4>$null 5>$null 6>$null
        return [ordered]@{ ok = $true; result = $result }
    }
    catch {
        return New-GpuPvFailure -Id 'hyperv-error' -ErrorRecord $_
    }
}

function ConvertFrom-GpuPvPayload {
    # Base64 of UTF-8 JSON -> hashtable of the expected arguments, checked by kind.
    param(
        [string] $Payload,
        [hashtable] $Expected
    )
    $json = '{}'
    if (-not [string]::IsNullOrEmpty($Payload)) {
        $json = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Payload))
    }
    $decoded = ConvertFrom-Json -InputObject $json
    if ($null -eq $decoded -or $decoded.GetType().FullName -ne 'System.Management.Automation.PSCustomObject') {
        throw 'The arguments are not a JSON object.'
    }

    $arguments = @{}
    foreach ($property in $decoded.PSObject.Properties) {
        if (-not ([string[]] $Expected.Keys -ccontains $property.Name)) {
            throw ('Unexpected argument: {0}' -f $property.Name)
        }
        $arguments[$property.Name] = $property.Value
    }
    foreach ($name in $Expected.Keys) {
        if (-not $arguments.ContainsKey($name)) {
            throw ('Missing argument: {0}' -f $name)
        }
        $value = $arguments[$name]
        if ($Expected[$name] -ceq 'Guid') {
            $parsed = [Guid]::Empty
            if (-not ($value -is [string]) -or -not [Guid]::TryParse($value, [ref] $parsed)) {
                throw ('Argument {0} is not a GUID.' -f $name)
            }
            $arguments[$name] = $parsed.ToString()
        }
    }
    return $arguments
}

function New-GpuPvFailure {
    param(
        [string] $Id,
        [string] $Message,
        $ErrorRecord
    )
    $category = $null
    $fullyQualifiedErrorId = $null
    if ($null -ne $ErrorRecord) {
        # ToString() prefers ErrorDetails.Message (what PowerShell itself prints) over the exception's.
        $Message = $ErrorRecord.ToString()
        $category = $ErrorRecord.CategoryInfo.Category.ToString()
        $fullyQualifiedErrorId = [string] $ErrorRecord.FullyQualifiedErrorId
    }
    if ([string]::IsNullOrEmpty($Message)) {
        $Message = 'The operation failed without a message.'
    }
    return [ordered]@{
        ok    = $false
        error = [ordered]@{
            id                    = $Id
            message               = $Message
            category              = $category
            fullyQualifiedErrorId = $fullyQualifiedErrorId
        }
    }
}

function Write-GpuPvReply {
    # The one line of the reply. Nothing goes to the pipeline.
    param($Reply)
    try {
        $json = ConvertTo-Json -InputObject $Reply -Depth 8 -Compress
    }
    catch {
        $json = ConvertTo-Json -InputObject (New-GpuPvFailure -Id 'hyperv-error' -ErrorRecord $_) -Depth 4 -Compress
    }
    [Console]::Out.WriteLine([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json)))
}

# Facts cannot change while this process lives (the token's groups are fixed at logon, Hyper-V
# was imported or not at load): computed once, on first use.
$script:GpuPvHostFacts = $null

function Get-GpuPvHostFacts {
    if ($null -eq $script:GpuPvHostFacts) {
        $script:GpuPvHostFacts = Read-GpuPvHostFacts
    }
    return $script:GpuPvHostFacts
}

function Read-GpuPvHostFacts {
    $currentVersion = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ErrorAction SilentlyContinue

    $caption = $null
    try {
        $caption = (Get-CimInstance -ClassName 'Win32_OperatingSystem' -Property 'Caption' -ErrorAction Stop).Caption
    }
    catch {
        # Only the display name is lost; the registry's ProductName says "Windows 10" on Windows 11.
        $caption = $currentVersion.ProductName
    }
    $build = $currentVersion.CurrentBuildNumber
    if ([string]::IsNullOrEmpty($build)) {
        $build = [Environment]::OSVersion.Version.Build
    }

    $edition = 'Desktop'
    if ($PSVersionTable.PSEdition) {
        $edition = [string] $PSVersionTable.PSEdition
    }

    $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object -TypeName 'Security.Principal.WindowsPrincipal' -ArgumentList $identity
    $elevated = $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
    # Hyper-V Administrators (well-known SID S-1-5-32-578) among the token's enabled groups.
    $hyperVAdministrator = @($identity.Groups | Where-Object -FilterScript { $_.Value -eq 'S-1-5-32-578' }).Count -gt 0

    $addAdapter = Get-Command -Name 'Add-VMGpuPartitionAdapter' -ErrorAction SilentlyContinue
    $supportsInstancePath = ($null -ne $addAdapter) -and $addAdapter.Parameters.ContainsKey('InstancePath')

    return [pscustomobject]@{
        ComputerName         = [Environment]::MachineName
        OsCaption            = $caption
        OsBuild              = $build
        OsEdition            = $currentVersion.EditionID
        PSVersion            = $PSVersionTable.PSVersion.ToString()
        PSEdition            = $edition
        HyperVModule         = $script:HyperVModuleLoaded
        Elevated             = $elevated
        HyperVAdministrator  = $hyperVAdministrator
        InventoryCmdlet      = (Get-GpuPvInventoryCmdlet)
        SupportsInstancePath = $supportsInstancePath
    }
}

function Get-GpuPvInventoryCmdlet {
    # Windows 11 / Server 2022+ name first; Windows 10 only has the older one.
    foreach ($name in @('Get-VMHostPartitionableGpu', 'Get-VMPartitionableGpu')) {
        if (Get-Command -Name $name -ErrorAction SilentlyContinue) {
            return $name
        }
    }
    return $null
}

function Get-GpuPvInventory {
    # The whole host in one round trip.
    $facts = Get-GpuPvHostFacts
    $vms = @(Get-VM)
    $adapters = Get-GpuPvAdapterTable -VM $vms
    return [pscustomobject]@{
        Facts   = $facts
        VMs     = @(foreach ($vm in $vms) { ConvertTo-GpuPvVm -VM $vm -Adapters (Get-GpuPvAdapterList -Table $adapters -VMId $vm.VMId) })
        Gpus    = @(Get-GpuPvPartitionableGpu -Cmdlet $facts.InventoryCmdlet)
        Drivers = @(Get-GpuPvDisplayDriver)
    }
}

function Get-GpuPvVmInventory {
    param([string] $VMId)
    $vm = Get-VM -Id $VMId
    $adapters = Get-GpuPvAdapterTable -VM @($vm)
    return ConvertTo-GpuPvVm -VM $vm -Adapters (Get-GpuPvAdapterList -Table $adapters -VMId $vm.VMId)
}

function Get-GpuPvAdapterTable {
    # Every adapter of the given VMs in one pipeline, grouped by VMId (string, case-insensitive keys).
    param([object[]] $VM)
    $table = @{}
    if ($VM.Count -eq 0 -or -not (Get-Command -Name 'Get-VMGpuPartitionAdapter' -ErrorAction SilentlyContinue)) {
        return $table
    }
    $adapters = @($VM | Get-VMGpuPartitionAdapter | Select-Object -Property '*' -ExcludeProperty 'CimSession')
    foreach ($adapter in $adapters) {
        $key = [string] $adapter.VMId
        if (-not $table.ContainsKey($key)) {
            $table[$key] = New-Object -TypeName 'System.Collections.ArrayList'
        }
        [void] $table[$key].Add($adapter)
    }
    return $table
}

function Get-GpuPvAdapterList {
    param(
        [hashtable] $Table,
        $VMId
    )
    $key = [string] $VMId
    if ($Table.ContainsKey($key)) {
        return , $Table[$key].ToArray()
    }
    return , @()
}

function ConvertTo-GpuPvVm {
    # Get-VM projected to what GPU-PV needs. Enums become their names (.ToString()) so both
    # editions print the same; numbers stay as they are (UInt64 exact).
    param(
        $VM,
        [object[]] $Adapters
    )
    return [pscustomobject]@{
        Name                          = $VM.Name
        VMId                          = [string] $VM.VMId
        State                         = (ConvertTo-GpuPvEnumName -Value $VM.State)
        Generation                    = $VM.Generation
        Version                       = [string] $VM.Version
        CheckpointType                = (ConvertTo-GpuPvEnumName -Value $VM.CheckpointType)
        AutomaticStopAction           = (ConvertTo-GpuPvEnumName -Value $VM.AutomaticStopAction)
        AutomaticStartAction          = (ConvertTo-GpuPvEnumName -Value $VM.AutomaticStartAction)
        DynamicMemoryEnabled          = $VM.DynamicMemoryEnabled
        MemoryStartup                 = $VM.MemoryStartup
        ProcessorCount                = $VM.ProcessorCount
        GuestControlledCacheTypes     = $VM.GuestControlledCacheTypes
        LowMemoryMappedIoSpace        = $VM.LowMemoryMappedIoSpace
        HighMemoryMappedIoSpace       = $VM.HighMemoryMappedIoSpace
        # Absent on older hosts: reads as $null (no strict mode), which the schema accepts.
        HighMemoryMappedIoBaseAddress = $VM.HighMemoryMappedIoBaseAddress
        GpuPartitionAdapters          = $Adapters
    }
}

function ConvertTo-GpuPvEnumName {
    param($Value)
    if ($null -eq $Value) {
        return $null
    }
    return $Value.ToString()
}

function Get-GpuPvPartitionableGpu {
    # Called by name, never by invoking a string: both names are fixed here.
    param([string] $Cmdlet)
    if ($Cmdlet -ceq 'Get-VMHostPartitionableGpu') {
        Get-VMHostPartitionableGpu | Select-Object -Property '*' -ExcludeProperty 'CimSession'
    }
    elseif ($Cmdlet -ceq 'Get-VMPartitionableGpu') {
        Get-VMPartitionableGpu | Select-Object -Property '*' -ExcludeProperty 'CimSession'
    }
}

function Get-GpuPvDisplayDriver {
    # Signed-driver records of display devices only, filtered by WMI (an unfiltered
    # Win32_PnPSignedDriver query, or Win32_VideoController, can take seconds).
    # -Property narrows the WQL SELECT as well as the output.
    $properties = @('DeviceID', 'DeviceName', 'Description', 'DriverVersion', 'DriverProviderName', 'Manufacturer', 'InfName')
    Get-CimInstance -ClassName 'Win32_PnPSignedDriver' -Filter "DeviceClass='DISPLAY'" -Property $properties |
        Select-Object -Property $properties
}

Export-ModuleMember -Function 'Invoke-GpuPv'
