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

# The only operations a caller can run. Arguments: name -> kind (see ConvertFrom-GpuPvArgument); a
# kind ending in '?' is optional, every other argument is required, and no other argument is
# accepted. Keep in step with OPERATIONS in src/host/protocol.ts (a unit test compares the two).
$script:GpuPvOperations = @{
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

# This file, copied into a remote host's session by Connect-GpuPvRemote.
$script:GpuPvModulePath = $PSCommandPath
# Set once this shell is connected to a remote host: Invoke-GpuPv then forwards every call there.
$script:GpuPvRemoteSession = $null

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

function Invoke-GpuPv {
    # A simple (not advanced) function on purpose: a binding error of an advanced function would be
    # written to stderr before any of our code runs. Both parameters are plain strings.
    # -AsText returns the reply line instead of printing it: a remote host's copy of this module
    # answers the local one that way (its console is not ours).
    param(
        [string] $Operation,
        [string] $Payload,
        [switch] $AsText
    )
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    $WarningPreference = 'SilentlyContinue'
    $VerbosePreference = 'SilentlyContinue'
    $DebugPreference = 'SilentlyContinue'
    $InformationPreference = 'SilentlyContinue'

    if ($null -ne $script:GpuPvRemoteSession -and -not $AsText) {
        $text = Invoke-GpuPvRemote -Operation $Operation -Payload $Payload
    }
    else {
        try {
            $reply = Invoke-GpuPvOperation -Operation $Operation -Payload $Payload
        }
        catch {
            # Last resort: a fault in this module itself is still answered as an envelope, not on stderr.
            $reply = New-GpuPvFailure -Id 'hyperv-error' -ErrorRecord $_
        }
        $text = ConvertTo-GpuPvReplyText -Reply $reply
        if ($AsText) {
            return $text
        }
    }
    Write-GpuPvReply -Text $text
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
        if (Test-GpuPvFailure -Value $result) {
            # The handler refused by itself, before or instead of calling a cmdlet.
            return $result
        }
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
        $kind = [string] $Expected[$name]
        $optional = $kind.EndsWith('?')
        if ($optional) {
            $kind = $kind.Substring(0, $kind.Length - 1)
        }
        if (-not $arguments.ContainsKey($name)) {
            if ($optional) {
                continue
            }
            throw ('Missing argument: {0}' -f $name)
        }
        $arguments[$name] = ConvertFrom-GpuPvArgument -Name $name -Kind $kind -Value $arguments[$name]
    }
    return $arguments
}

function ConvertFrom-GpuPvArgument {
    # One argument, checked and converted to the type its cmdlet parameter takes. Throws when invalid.
    param(
        [string] $Name,
        [string] $Kind,
        $Value
    )
    if ($Kind -ceq 'Guid') {
        $parsed = [Guid]::Empty
        if (-not ($Value -is [string]) -or -not [Guid]::TryParse($Value, [ref] $parsed)) {
            throw ('Argument {0} is not a GUID.' -f $Name)
        }
        return $parsed.ToString()
    }
    if ($Kind -ceq 'AdapterId') {
        # Microsoft:<VMId>\<GUID>, the Id of Get-VMGpuPartitionAdapter.
        if (-not ($Value -is [string]) -or -not ($Value -cmatch '\AMicrosoft:[0-9A-Fa-f-]{36}\\[0-9A-Fa-f-]{36}\z')) {
            throw ('Argument {0} is not a GPU partition adapter id.' -f $Name)
        }
        return $Value
    }
    if ($Kind -ceq 'InstancePath') {
        if (-not ($Value -is [string]) -or $Value.Length -lt 1 -or $Value.Length -gt 2048) {
            throw ('Argument {0} is not an instance path.' -f $Name)
        }
        return $Value
    }
    if ($Kind -ceq 'Boolean') {
        return (ConvertFrom-GpuPvBoolean -Name $Name -Value $Value)
    }
    if ($Kind -ceq 'PartitionCount') {
        # A JSON number: Int32 or Int64 depending on the edition; never a fraction.
        if (-not (($Value -is [int]) -or ($Value -is [long])) -or $Value -lt 1 -or $Value -gt 65535) {
            throw ('Argument {0} is not a partition count (1-65535).' -f $Name)
        }
        return [UInt16] $Value
    }
    if ($Kind -ceq 'PartitionSizes') {
        return (ConvertFrom-GpuPvPartitionSizes -Value $Value)
    }
    if ($Kind -ceq 'VmSettings') {
        return (ConvertFrom-GpuPvVmSettings -Value $Value)
    }
    if ($Kind -ceq 'Credential') {
        return (ConvertFrom-GpuPvCredential -Value $Value)
    }
    # The lists come back wrapped (return , $list) so that one or no element stays a list.
    if ($Kind -ceq 'HostPaths') {
        return , (ConvertFrom-GpuPvPathList -Name $Name -Value $Value -Pattern $script:GpuPvHostPathPattern -Maximum 256)
    }
    if ($Kind -ceq 'GuestPaths') {
        return , (ConvertFrom-GpuPvPathList -Name $Name -Value $Value -Pattern $script:GpuPvGuestPathPattern -Maximum 256)
    }
    if ($Kind -ceq 'GuestTarget') {
        return (ConvertFrom-GpuPvGuestTarget -Value $Value)
    }
    if ($Kind -ceq 'CopyFiles') {
        return , (ConvertFrom-GpuPvCopyFiles -Value $Value)
    }
    if ($Kind -ceq 'GuestSteps') {
        return , (ConvertFrom-GpuPvGuestSteps -Value $Value)
    }
    if ($Kind -ceq 'DriverSyncRecord') {
        return (ConvertFrom-GpuPvDriverSyncRecord -Value $Value)
    }
    if ($Kind -ceq 'Transport') {
        return (ConvertFrom-GpuPvEnumName -Name $Name -Value $Value -Allowed @('winrm', 'ssh'))
    }
    if ($Kind -ceq 'Authentication') {
        return (ConvertFrom-GpuPvEnumName -Name $Name -Value $Value -Allowed $script:GpuPvAuthentications)
    }
    if ($Kind -ceq 'Text') {
        if (-not ($Value -is [string]) -or $Value.Length -lt 1 -or $Value.Length -gt 1024) {
            throw ('Argument {0} is not a text of 1 to 1024 characters.' -f $Name)
        }
        return $Value
    }
    if ($Kind -ceq 'Port') {
        if (-not (($Value -is [int]) -or ($Value -is [long])) -or $Value -lt 1 -or $Value -gt 65535) {
            throw ('Argument {0} is not a port (1-65535).' -f $Name)
        }
        return [int] $Value
    }
    if ($Kind -ceq 'Milliseconds') {
        if (-not (($Value -is [int]) -or ($Value -is [long])) -or $Value -lt 1000 -or $Value -gt 600000) {
            throw ('Argument {0} is not a time in milliseconds (1000-600000).' -f $Name)
        }
        return [int] $Value
    }
    throw ('Argument {0} has an unknown kind: {1}' -f $Name, $Kind)
}

function ConvertFrom-GpuPvBoolean {
    param(
        [string] $Name,
        $Value
    )
    if (-not ($Value -is [bool])) {
        throw ('Argument {0} is not true or false.' -f $Name)
    }
    return $Value
}

function ConvertFrom-GpuPvUInt64 {
    # A decimal digit string parsed exactly. A JSON number is refused: Windows PowerShell 5.1 reads
    # large ones as floating point, which rounds above 2^53.
    param(
        [string] $Name,
        $Value
    )
    if (-not ($Value -is [string]) -or -not ($Value -cmatch '\A[0-9]{1,20}\z')) {
        throw ('Argument {0} is not an unsigned integer written in decimal digits.' -f $Name)
    }
    try {
        return [UInt64]::Parse($Value, [Globalization.NumberStyles]::None, [Globalization.CultureInfo]::InvariantCulture)
    }
    catch {
        throw ('Argument {0} does not fit in UInt64.' -f $Name)
    }
}

function ConvertFrom-GpuPvUInt32 {
    # As ConvertFrom-GpuPvUInt64, for a parameter that takes a UInt32 (Set-VM -LowMemoryMappedIoSpace).
    param(
        [string] $Name,
        $Value
    )
    if (-not ($Value -is [string]) -or -not ($Value -cmatch '\A[0-9]{1,10}\z')) {
        throw ('Argument {0} is not an unsigned integer written in decimal digits.' -f $Name)
    }
    try {
        return [UInt32]::Parse($Value, [Globalization.NumberStyles]::None, [Globalization.CultureInfo]::InvariantCulture)
    }
    catch {
        throw ('Argument {0} does not fit in UInt32 (below 4 GB).' -f $Name)
    }
}

function ConvertFrom-GpuPvEnumName {
    # An enum value by its exact name; the cmdlet's binder turns the name into the enum.
    param(
        [string] $Name,
        $Value,
        [string[]] $Allowed
    )
    if (-not ($Value -is [string]) -or -not ($Allowed -ccontains $Value)) {
        throw ('Argument {0} must be one of: {1}' -f $Name, ($Allowed -join ', '))
    }
    return $Value
}

function Test-GpuPvJsonObject {
    param($Value)
    return ($null -ne $Value) -and ($Value.GetType().FullName -eq 'System.Management.Automation.PSCustomObject')
}

function ConvertFrom-GpuPvPartitionSizes {
    # Sizes: { MinPartitionVRAM: "digits", ... } -> ordered name -> [UInt64], only the names given.
    param($Value)
    if (-not (Test-GpuPvJsonObject -Value $Value)) {
        throw 'Argument Sizes is not a JSON object.'
    }
    $sizes = [ordered]@{}
    foreach ($property in $Value.PSObject.Properties) {
        if (-not ($script:GpuPvPartitionSizeNames -ccontains $property.Name)) {
            throw ('Unexpected partition size: {0}' -f $property.Name)
        }
        $sizes[$property.Name] = ConvertFrom-GpuPvUInt64 -Name ('Sizes.' + $property.Name) -Value $property.Value
    }
    return $sizes
}

function ConvertFrom-GpuPvCredential {
    # Credential: { UserName, Password } -> a PSCredential for PowerShell Direct. The password is
    # moved into a SecureString character by character and never written anywhere.
    param($Value)
    if (-not (Test-GpuPvJsonObject -Value $Value)) {
        throw 'Argument Credential is not a JSON object.'
    }
    foreach ($property in $Value.PSObject.Properties) {
        if (-not (@('UserName', 'Password') -ccontains $property.Name)) {
            throw ('Unexpected credential property: {0}' -f $property.Name)
        }
    }
    $userName = $Value.UserName
    $password = $Value.Password
    if (-not ($userName -is [string]) -or $userName.Length -lt 1 -or $userName.Length -gt 256) {
        throw 'Argument Credential has no user name.'
    }
    if (-not ($password -is [string]) -or $password.Length -gt 1024) {
        throw 'Argument Credential has no password.'
    }
    $secure = New-Object -TypeName System.Security.SecureString
    foreach ($character in $password.ToCharArray()) {
        $secure.AppendChar($character)
    }
    $secure.MakeReadOnly()
    return (New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $userName, $secure)
}

function ConvertFrom-GpuPvVmSettings {
    # Settings: the Set-VM / Set-VMMemory values to change, each converted to its parameter's type.
    param($Value)
    if (-not (Test-GpuPvJsonObject -Value $Value)) {
        throw 'Argument Settings is not a JSON object.'
    }
    $settings = [ordered]@{}
    foreach ($property in $Value.PSObject.Properties) {
        $name = $property.Name
        $label = 'Settings.' + $name
        if ($name -ceq 'GuestControlledCacheTypes' -or $name -ceq 'DynamicMemoryEnabled') {
            $settings[$name] = ConvertFrom-GpuPvBoolean -Name $label -Value $property.Value
        }
        elseif ($name -ceq 'LowMemoryMappedIoSpace') {
            $settings[$name] = ConvertFrom-GpuPvUInt32 -Name $label -Value $property.Value
        }
        elseif ($name -ceq 'HighMemoryMappedIoSpace') {
            $settings[$name] = ConvertFrom-GpuPvUInt64 -Name $label -Value $property.Value
        }
        elseif ($name -ceq 'CheckpointType') {
            $settings[$name] = ConvertFrom-GpuPvEnumName -Name $label -Value $property.Value -Allowed $script:GpuPvCheckpointTypes
        }
        elseif ($name -ceq 'AutomaticStopAction') {
            $settings[$name] = ConvertFrom-GpuPvEnumName -Name $label -Value $property.Value -Allowed $script:GpuPvStopActions
        }
        else {
            throw ('Unexpected setting: {0}' -f $name)
        }
    }
    if ($settings.Count -eq 0) {
        throw 'Argument Settings has no setting to change.'
    }
    return $settings
}

function ConvertFrom-GpuPvList {
    # A JSON array of at most $Maximum elements (at least $Minimum), as an array. Throws otherwise.
    param(
        [string] $Name,
        $Value,
        [int] $Minimum,
        [int] $Maximum
    )
    if (-not ($Value -is [array])) {
        throw ('Argument {0} is not a JSON array.' -f $Name)
    }
    if ($Value.Count -lt $Minimum -or $Value.Count -gt $Maximum) {
        throw ('Argument {0} must hold {1} to {2} elements.' -f $Name, $Minimum, $Maximum)
    }
    return , $Value
}

function ConvertFrom-GpuPvPath {
    # One path string matching $Pattern, without a . or .. segment.
    param(
        [string] $Name,
        $Value,
        [string] $Pattern
    )
    if (-not ($Value -is [string]) -or $Value.Length -gt 1024 -or -not ($Value -cmatch $Pattern) -or ($Value -match $script:GpuPvDotSegmentPattern)) {
        throw ('Argument {0} holds a path that is not allowed: {1}' -f $Name, $Value)
    }
    return $Value
}

function ConvertFrom-GpuPvPathList {
    param(
        [string] $Name,
        $Value,
        [string] $Pattern,
        [int] $Maximum
    )
    $list = ConvertFrom-GpuPvList -Name $Name -Value $Value -Minimum 0 -Maximum $Maximum
    $paths = New-Object -TypeName 'System.Collections.Generic.List[string]'
    foreach ($item in $list) {
        $paths.Add((ConvertFrom-GpuPvPath -Name $Name -Value $item -Pattern $Pattern))
    }
    return , $paths.ToArray()
}

function Assert-GpuPvProperties {
    # A JSON object whose property names are all among $Allowed and that has each of $Required.
    param(
        [string] $Name,
        $Value,
        [string[]] $Allowed,
        [string[]] $Required
    )
    if (-not (Test-GpuPvJsonObject -Value $Value)) {
        throw ('Argument {0} is not a JSON object.' -f $Name)
    }
    $names = @(foreach ($property in $Value.PSObject.Properties) { $property.Name })
    foreach ($propertyName in $names) {
        if (-not ($Allowed -ccontains $propertyName)) {
            throw ('Argument {0} has an unexpected property: {1}' -f $Name, $propertyName)
        }
    }
    foreach ($propertyName in $Required) {
        if (-not ($names -ccontains $propertyName)) {
            throw ('Argument {0} has no {1}.' -f $Name, $propertyName)
        }
    }
}

function ConvertFrom-GpuPvGuestTarget {
    # Target: { Mode: 'Offline', VMId } or { Mode: 'Online', VMId, Credential } -> hashtable. The
    # credential goes through ConvertFrom-GpuPvCredential (a PSCredential; the password is never kept
    # as text).
    param($Value)
    if (-not (Test-GpuPvJsonObject -Value $Value)) {
        throw 'Argument Target is not a JSON object.'
    }
    $mode = $Value.Mode
    if ($mode -ceq 'Offline') {
        Assert-GpuPvProperties -Name 'Target' -Value $Value -Allowed @('Mode', 'VMId') -Required @('Mode', 'VMId')
    }
    elseif ($mode -ceq 'Online') {
        # Only Open-GuestDriverStore sends the credential; the later calls use the session it opened.
        Assert-GpuPvProperties -Name 'Target' -Value $Value -Allowed @('Mode', 'VMId', 'Credential') -Required @('Mode', 'VMId')
    }
    else {
        throw 'Argument Target.Mode must be Offline or Online.'
    }
    $target = @{
        Mode       = $mode
        VMId       = (ConvertFrom-GpuPvArgument -Name 'Target.VMId' -Kind 'Guid' -Value $Value.VMId)
        Credential = $null
    }
    if ($mode -ceq 'Online' -and $null -ne $Value.Credential) {
        $target['Credential'] = ConvertFrom-GpuPvCredential -Value $Value.Credential
    }
    return $target
}

function ConvertFrom-GpuPvCopyFiles {
    # Files: [{ Source: host path, Destination: guest path }] (1-5000) -> hashtables.
    param($Value)
    $list = ConvertFrom-GpuPvList -Name 'Files' -Value $Value -Minimum 1 -Maximum 5000
    $files = New-Object -TypeName 'System.Collections.ArrayList'
    foreach ($item in $list) {
        Assert-GpuPvProperties -Name 'Files[]' -Value $item -Allowed @('Source', 'Destination') -Required @('Source', 'Destination')
        [void] $files.Add(@{
                Source      = (ConvertFrom-GpuPvPath -Name 'Files[].Source' -Value $item.Source -Pattern $script:GpuPvHostPathPattern)
                Destination = (ConvertFrom-GpuPvPath -Name 'Files[].Destination' -Value $item.Destination -Pattern $script:GpuPvGuestPathPattern)
            })
    }
    return , $files.ToArray()
}

function ConvertFrom-GpuPvGuestSteps {
    # Steps: [{ Op: Move|Remove|Link|Write, ... }] (1-20000) -> hashtables with exactly the step's
    # fields, so they travel to the guest as plain hashtables.
    param($Value)
    $list = ConvertFrom-GpuPvList -Name 'Steps' -Value $Value -Minimum 1 -Maximum 20000
    $steps = New-Object -TypeName 'System.Collections.ArrayList'
    foreach ($item in $list) {
        if (-not (Test-GpuPvJsonObject -Value $item)) {
            throw 'Argument Steps holds an element that is not a JSON object.'
        }
        $op = $item.Op
        if ($op -ceq 'Move' -or $op -ceq 'Link') {
            Assert-GpuPvProperties -Name 'Steps[]' -Value $item -Allowed @('Op', 'From', 'To') -Required @('Op', 'From', 'To')
            $step = @{
                Op   = $op
                From = (ConvertFrom-GpuPvPath -Name 'Steps[].From' -Value $item.From -Pattern $script:GpuPvGuestPathPattern)
                To   = (ConvertFrom-GpuPvPath -Name 'Steps[].To' -Value $item.To -Pattern $script:GpuPvGuestPathPattern)
            }
        }
        elseif ($op -ceq 'Remove') {
            Assert-GpuPvProperties -Name 'Steps[]' -Value $item -Allowed @('Op', 'Path') -Required @('Op', 'Path')
            $step = @{
                Op   = $op
                Path = (ConvertFrom-GpuPvPath -Name 'Steps[].Path' -Value $item.Path -Pattern $script:GpuPvGuestPathPattern)
            }
        }
        elseif ($op -ceq 'Write') {
            Assert-GpuPvProperties -Name 'Steps[]' -Value $item -Allowed @('Op', 'Path', 'ContentBase64') -Required @('Op', 'Path', 'ContentBase64')
            $content = $item.ContentBase64
            if (-not ($content -is [string]) -or $content.Length -gt 16777216 -or -not ($content -cmatch '\A[A-Za-z0-9+/]*={0,2}\z')) {
                throw 'Argument Steps[].ContentBase64 is not base64 text (at most 16 MB).'
            }
            $step = @{
                Op            = $op
                Path          = (ConvertFrom-GpuPvPath -Name 'Steps[].Path' -Value $item.Path -Pattern $script:GpuPvGuestPathPattern)
                ContentBase64 = $content
            }
        }
        else {
            throw 'Argument Steps[].Op must be Move, Remove, Link or Write.'
        }
        [void] $steps.Add($step)
    }
    return , $steps.ToArray()
}

function ConvertFrom-GpuPvDriverSyncRecord {
    # Record: the record's JSON text, kept byte for byte (a round trip through ConvertTo-Json would
    # turn SyncedAt into a date and print it back in another format), or null (forget it).
    param($Value)
    if ($null -eq $Value) {
        return $null
    }
    if (-not ($Value -is [string]) -or $Value.Length -gt 65536) {
        throw 'Argument Record is not a JSON text of at most 65536 characters.'
    }
    $parsed = ConvertFrom-Json -InputObject $Value -ErrorAction Stop
    Assert-GpuPvProperties -Name 'Record' -Value $parsed -Allowed @('SyncedAt', 'Mode', 'Gpus') -Required @('SyncedAt', 'Mode', 'Gpus')
    return $Value
}

function Format-GpuPvCount {
    # A count and its noun, singular for exactly one: '1 disk', '2 disks' (as plural() in TypeScript).
    param([long] $Count, [string] $One)
    if ($Count -eq 1) {
        return ('{0} {1}' -f $Count, $One)
    }
    return ('{0} {1}s' -f $Count, $One)
}

function New-GpuPvFailure {
    # $Category (untyped, so it stays $null when not given) names the failure's kind when there is
    # no error record, e.g. for a refusal of the module itself.
    param(
        [string] $Id,
        [string] $Message,
        $ErrorRecord,
        $Category
    )
    $fullyQualifiedErrorId = $null
    if ($null -ne $ErrorRecord) {
        # ToString() prefers ErrorDetails.Message (what PowerShell itself prints) over the exception's.
        $Message = $ErrorRecord.ToString()
        $Category = $ErrorRecord.CategoryInfo.Category.ToString()
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
            category              = $Category
            fullyQualifiedErrorId = $fullyQualifiedErrorId
        }
    }
}

function Test-GpuPvFailure {
    # A handler refuses by returning New-GpuPvFailure's envelope instead of a result; results are
    # never ordered dictionaries.
    param($Value)
    return ($Value -is [System.Collections.Specialized.OrderedDictionary]) -and $Value.Contains('ok') -and ($Value['ok'] -eq $false)
}

function Write-GpuPvReply {
    # The one line of the reply. Nothing goes to the pipeline.
    param([string] $Text)
    [Console]::Out.WriteLine($Text)
}

function ConvertTo-GpuPvReplyText {
    # The envelope as one line: base64 of its UTF-8 JSON.
    param($Reply)
    try {
        $json = ConvertTo-Json -InputObject $Reply -Depth 8 -Compress
    }
    catch {
        $json = ConvertTo-Json -InputObject (New-GpuPvFailure -Id 'hyperv-error' -ErrorRecord $_) -Depth 4 -Compress
    }
    return [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json))
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
        # The host's record of the last driver sync into the VM (Set-DriverSyncRecord), or $null.
        DriverSyncRecord              = (Read-GpuPvDriverSyncRecord -VMId ([string] $VM.VMId))
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

# ---------------------------------------------------------------------------------------------
# Writes. Each handler runs the cmdlets of the preview (powershellPreview.ts) for its action, with
# the same parameters, starting with the preview's `$vm = Get-VM -Id ...`; optional parameters are
# collected in a hashtable and splatted. Then it answers the VM as Get-VmInventory would (or the GPU
# as Get-Inventory would). Cmdlet output is discarded: the answer is the only output.

function Add-GpuPvPartitionAdapter {
    # Add-VMGpuPartitionAdapter -VM $vm [-InstancePath <GPU Name>] [-<size> <UInt64> ...]
    param([hashtable] $Arguments)
    if ($Arguments.ContainsKey('InstancePath') -and -not (Get-GpuPvHostFacts).SupportsInstancePath) {
        # Windows 10's cmdlet has no -InstancePath (feature-detected as for the facts): answer what
        # its parameter binder would say, without calling it.
        return New-GpuPvFailure -Id 'no-instancepath-on-win10' -Message "A parameter cannot be found that matches parameter name 'InstancePath'." -Category 'InvalidArgument'
    }
    $sizes = [ordered]@{}
    if ($Arguments.ContainsKey('Sizes')) {
        $sizes = $Arguments['Sizes']
    }
    $vm = Get-VM -Id $Arguments['VMId']
    $parameters = @{ VM = $vm }
    if ($Arguments.ContainsKey('InstancePath')) {
        $parameters['InstancePath'] = $Arguments['InstancePath']
    }
    foreach ($name in $script:GpuPvPartitionSizeNames) {
        if ($sizes.Contains($name)) {
            $parameters[$name] = $sizes[$name]
        }
    }
    $null = Add-VMGpuPartitionAdapter @parameters
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}

function Set-GpuPvPartitionAdapter {
    # Set-VMGpuPartitionAdapter -VM $vm [-AdapterId <Id>] [-<size> <UInt64> ...]; without -AdapterId
    # every adapter of the VM.
    param([hashtable] $Arguments)
    $sizes = $Arguments['Sizes']
    $vm = Get-VM -Id $Arguments['VMId']
    $parameters = @{ VM = $vm }
    if ($Arguments.ContainsKey('AdapterId')) {
        $parameters['AdapterId'] = $Arguments['AdapterId']
    }
    foreach ($name in $script:GpuPvPartitionSizeNames) {
        if ($sizes.Contains($name)) {
            $parameters[$name] = $sizes[$name]
        }
    }
    $null = Set-VMGpuPartitionAdapter @parameters
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}

function Remove-GpuPvPartitionAdapter {
    # Remove-VMGpuPartitionAdapter -VM $vm [-AdapterId <Id>] -Confirm:$false; without -AdapterId all.
    param([hashtable] $Arguments)
    $vm = Get-VM -Id $Arguments['VMId']
    if ($Arguments.ContainsKey('AdapterId')) {
        $null = Remove-VMGpuPartitionAdapter -VM $vm -AdapterId $Arguments['AdapterId'] -Confirm:$false
    }
    else {
        $null = Remove-VMGpuPartitionAdapter -VM $vm -Confirm:$false
    }
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}

function Set-GpuPvVmSettings {
    # Set-VM -VM $vm [-GuestControlledCacheTypes ..] [-LowMemoryMappedIoSpace ..] [-HighMemoryMappedIoSpace ..]
    # [-CheckpointType ..] [-AutomaticStopAction ..], then Set-VMMemory -VM $vm -DynamicMemoryEnabled ..,
    # each only when it has something to change.
    param([hashtable] $Arguments)
    $settings = $Arguments['Settings']
    $vm = Get-VM -Id $Arguments['VMId']
    $parameters = @{ VM = $vm }
    foreach ($name in $script:GpuPvSetVmParameterNames) {
        if ($settings.Contains($name)) {
            $parameters[$name] = $settings[$name]
        }
    }
    if ($parameters.Count -gt 1) {
        $null = Set-VM @parameters
    }
    if ($settings.Contains('DynamicMemoryEnabled')) {
        $null = Set-VMMemory -VM $vm -DynamicMemoryEnabled $settings['DynamicMemoryEnabled']
    }
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}

function Start-GpuPvVm {
    # Start-VM -VM $vm
    param([hashtable] $Arguments)
    $vm = Get-VM -Id $Arguments['VMId']
    $null = Start-VM -VM $vm
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}

function Stop-GpuPvVm {
    # Stop-VM -VM $vm -Force (a guest shutdown without a confirmation prompt), or with -TurnOff the
    # power cut.
    param([hashtable] $Arguments)
    $vm = Get-VM -Id $Arguments['VMId']
    if ($Arguments['TurnOff']) {
        $null = Stop-VM -VM $vm -TurnOff -Force
    }
    else {
        $null = Stop-VM -VM $vm -Force
    }
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}

function Get-GpuPvGuestDisplayDevices {
    # PowerShell Direct into the running guest (Invoke-Command -VMId -Credential): its display
    # devices as Device Manager shows them, their signed-driver records, and the package folders of
    # its HostDriverStore. Filtered on the guest's side with WMI filters.
    param([hashtable] $Arguments)
    $vm = Get-VM -Id $Arguments['VMId']
    $guest = Invoke-Command -VMId $vm.VMId -Credential $Arguments['Credential'] -ErrorAction Stop -ScriptBlock {
        $store = Join-Path -Path $env:SystemRoot -ChildPath 'System32\HostDriverStore\FileRepository'
        $packages = @()
        if (Test-Path -LiteralPath $store) {
            $packages = @(Get-ChildItem -LiteralPath $store -Directory | ForEach-Object { $_.Name })
        }
        $deviceProperties = @('Name', 'PNPDeviceID', 'PNPClass', 'Status', 'ConfigManagerErrorCode', 'Present', 'Service', 'HardwareID')
        $driverProperties = @('DeviceID', 'DriverProviderName', 'DriverVersion', 'InfName')
        $devices = @(Get-CimInstance -ClassName 'Win32_PnPEntity' -Filter "PNPClass='Display'" -Property $deviceProperties | Select-Object -Property $deviceProperties)
        $drivers = @(Get-CimInstance -ClassName 'Win32_PnPSignedDriver' -Filter "DeviceClass='DISPLAY'" -Property $driverProperties | Select-Object -Property $driverProperties)
        [pscustomobject]@{
            Devices     = $devices
            Drivers     = $drivers
            DriverStore = $packages
        }
    }
    # Deserialised objects carry PSComputerName/RunspaceId: answer only what the schema reads.
    return [ordered]@{
        Devices     = @($guest.Devices)
        Drivers     = @($guest.Drivers)
        DriverStore = @($guest.DriverStore)
    }
}

# ---------------------------------------------------------------------------------------------
# Driver discovery. WMI filters every step on its own side: a full scan of the association class
# takes minutes. The paths are answered as WMI gives them; grouping them into package folders and
# loose files, and their guest paths, is src/core/drivers/discovery.ts's job.

function ConvertTo-GpuPvWqlString {
    # The content of a WQL string literal: backslash and single quote escaped with a backslash.
    param([string] $Value)
    return $Value.Replace('\', '\\').Replace("'", "\'")
}

function Get-GpuPvDriverPackages {
    # The GPU's Win32_PnPSignedDriver record (by the device ID its instance path names), the files of
    # its Win32_PnPSignedDriverCIMDataFile associations (filtered on Antecedent), the kernel service's
    # image path (Win32_PnPEntity.Service -> Win32_SystemDriver), and the file count and bytes of each
    # DriverStore package folder and loose file that exists.
    param([hashtable] $Arguments)
    $instancePath = $Arguments['InstancePath']
    if (-not ($instancePath -match '\A\\\\\?\\([^#]+)#([^#]+)#([^#]+)#\{')) {
        return New-GpuPvFailure -Id 'invalid-argument' -Message ("The instance path '{0}' does not name a PCI device." -f $instancePath) -Category 'InvalidArgument'
    }
    $deviceFilter = "DeviceID='{0}'" -f (ConvertTo-GpuPvWqlString -Value ('{0}\{1}\{2}' -f $Matches[1], $Matches[2], $Matches[3]))
    $driverProperties = @('DeviceID', 'DeviceName', 'DriverVersion', 'DriverDate', 'DriverProviderName', 'InfName', 'Manufacturer')
    $records = @(Get-CimInstance -ClassName 'Win32_PnPSignedDriver' -Filter $deviceFilter -Property $driverProperties | Select-Object -Property $driverProperties)
    if ($records.Count -eq 0) {
        return New-GpuPvFailure -Id 'hyperv-error' -Message ("Windows has no signed driver record for the GPU '{0}'." -f $instancePath) -Category 'ObjectNotFound'
    }
    $driver = $records[0]

    # The association's Antecedent is the record's object path (its key escaped as in an object path).
    $antecedent = '\\{0}\ROOT\cimv2:Win32_PnPSignedDriver.DeviceID="{1}"' -f [Environment]::MachineName, ([string] $driver.DeviceID).Replace('\', '\\').Replace('"', '\"')
    $associations = @(Get-CimInstance -ClassName 'Win32_PnPSignedDriverCIMDataFile' -Filter ("Antecedent='{0}'" -f (ConvertTo-GpuPvWqlString -Value $antecedent)))
    $files = @(foreach ($association in $associations) {
            # A CIM reference carries its key (the file's Name); Get-WmiObject would give the path text.
            $dependent = $association.Dependent
            if ($dependent -is [string]) { $dependent } else { [string] $dependent.Name }
        })

    $service = $null
    $entities = @(Get-CimInstance -ClassName 'Win32_PnPEntity' -Filter $deviceFilter -Property @('DeviceID', 'Service'))
    if ($entities.Count -gt 0 -and -not [string]::IsNullOrEmpty($entities[0].Service)) {
        $serviceFilter = "Name='{0}'" -f (ConvertTo-GpuPvWqlString -Value ([string] $entities[0].Service))
        $service = Get-CimInstance -ClassName 'Win32_SystemDriver' -Filter $serviceFilter -Property @('Name', 'PathName') | Select-Object -First 1 -Property @('Name', 'PathName')
    }

    # Measure what exists: each package folder whole, each loose file. Keys ignore case (@{}).
    $folders = @{}
    $loose = @{}
    $paths = @($files)
    if ($null -ne $service -and -not [string]::IsNullOrEmpty($service.PathName)) {
        $paths += ([string] $service.PathName).Trim('"') -replace '\A\\\?\?\\', '' -replace '\A\\SystemRoot(?=\\)', $env:SystemRoot
    }
    foreach ($path in $paths) {
        if ($path -match '\A(.*?\\DriverStore\\FileRepository\\[^\\]+)(\\|\z)') {
            $folders[$Matches[1]] = $Matches[1]
        }
        elseif ($path -match '\A[A-Za-z]:\\') {
            $loose[$path] = $path
        }
    }
    $packages = @(foreach ($folder in $folders.Values) {
            if (Test-Path -LiteralPath $folder -PathType Container) {
                $measure = Get-ChildItem -LiteralPath $folder -Recurse -File -Force | Measure-Object -Property 'Length' -Sum
                [pscustomobject]@{ Path = $folder; FileCount = [UInt64] $measure.Count; TotalBytes = [UInt64] $measure.Sum }
            }
        })
    $looseFiles = @(foreach ($file in $loose.Values) {
            if (Test-Path -LiteralPath $file -PathType Leaf) {
                [pscustomobject]@{ Path = $file; Length = [UInt64] (Get-Item -LiteralPath $file -Force).Length }
            }
        })
    return [pscustomobject]@{
        Driver     = $driver
        Service    = $service
        Files      = $files
        Packages   = $packages
        LooseFiles = $looseFiles
    }
}

function Set-GpuPvPartitionCount {
    # Set-VMHostPartitionableGpu -Name <GPU Name> -PartitionCount <n> (Set-VMPartitionableGpu where
    # only Get-VMPartitionableGpu exists). Refused here, like Windows Admin Center does, when the
    # count is not one of ValidPartitionCounts or while a VM holds a partition of the GPU.
    param([hashtable] $Arguments)
    $instancePath = $Arguments['InstancePath']
    $count = $Arguments['PartitionCount']
    $cmdlet = (Get-GpuPvHostFacts).InventoryCmdlet
    $gpus = @(Get-GpuPvPartitionableGpu -Cmdlet $cmdlet)
    $gpu = Select-GpuPvGpu -Gpus $gpus -InstancePath $instancePath
    if ($null -eq $gpu) {
        return New-GpuPvFailure -Id 'hyperv-error' -Message ("Unable to find a partitionable GPU with instance path '{0}'." -f $instancePath) -Category 'ObjectNotFound'
    }
    $valid = @(foreach ($candidate in $gpu.ValidPartitionCounts) { [int] $candidate })
    if (-not ($valid -contains [int] $count)) {
        $message = "The partition count {0} is not valid for the GPU '{1}'. Valid partition counts: {2}." -f $count, $gpu.Name, ($valid -join ', ')
        return New-GpuPvFailure -Id 'partition-count-invalid' -Message $message -Category 'InvalidArgument'
    }
    $holders = @(Get-GpuPvPartitionHolder -Gpu $gpu -DefaultGpu $gpus[0])
    if ($holders.Count -gt 0) {
        $quoted = @(foreach ($holder in $holders) { "'{0}'" -f $holder })
        $message = "The partition count of the GPU '{0}' cannot be changed: partition already assigned to {1}." -f $gpu.Name, ($quoted -join ', ')
        return New-GpuPvFailure -Id 'partition-in-use' -Message $message -Category 'ResourceBusy'
    }
    if ($cmdlet -ceq 'Get-VMHostPartitionableGpu') {
        $null = Set-VMHostPartitionableGpu -Name $instancePath -PartitionCount $count
    }
    else {
        $null = Set-VMPartitionableGpu -Name $instancePath -PartitionCount $count
    }
    return Select-GpuPvGpu -Gpus @(Get-GpuPvPartitionableGpu -Cmdlet $cmdlet) -InstancePath $instancePath
}

function Select-GpuPvGpu {
    # The GPU whose Name is the instance path (compared as Windows does, ignoring case; no wildcards).
    param(
        [object[]] $Gpus,
        [string] $InstancePath
    )
    foreach ($gpu in $Gpus) {
        if ([string] $gpu.Name -eq $InstancePath) {
            return $gpu
        }
    }
    return $null
}

function Get-GpuPvPartitionHolder {
    # Names of the VMs whose configuration holds a partition of the GPU, running or not: an adapter
    # pinned to its instance path, or one without an instance path (Windows 10 does not report it)
    # when the GPU is Hyper-V's default, the first partitionable one.
    param(
        $Gpu,
        $DefaultGpu
    )
    $gpuName = [string] $Gpu.Name
    $isDefault = ($null -ne $DefaultGpu) -and ([string] $DefaultGpu.Name -eq $gpuName)
    $vms = @(Get-VM)
    $table = Get-GpuPvAdapterTable -VM $vms
    $names = New-Object -TypeName 'System.Collections.ArrayList'
    foreach ($vm in $vms) {
        foreach ($adapter in (Get-GpuPvAdapterList -Table $table -VMId $vm.VMId)) {
            $path = [string] $adapter.InstancePath
            $holds = ($path -eq $gpuName) -or ([string]::IsNullOrEmpty($path) -and $isDefault)
            if ($holds -and -not ($names -contains $vm.Name)) {
                [void] $names.Add($vm.Name)
            }
        }
    }
    return , $names.ToArray()
}

# ---------------------------------------------------------------------------------------------
# Driver sync (issue 4). The core plans and drives the sync (src/core/drivers/sync); these handlers
# only list host files, open the guest's store, copy, run file steps and close. A "target" is the
# VM's Windows volume mounted on the host (Offline, the VM off) or the running guest over PowerShell
# Direct (Online). What stays open between calls is kept in $script:GpuPvGuestTargets by VMId:
#   Offline: @{ Mode; Root (the guest's Windows folder on the host); DiskPath; DiskNumber;
#              PartitionNumber; AccessPath; DisksSearched }
#   Online:  @{ Mode; Session; GuestTemp }
# Close-GuestDriverStore does not rely on it: it dismounts by the VM's disk paths, so it also works
# from a new shell after a crash.

$script:GpuPvGuestTargets = @{}

# A partition smaller than this cannot hold Windows (EFI, MSR, recovery partitions): not mounted.
$script:GpuPvWindowsPartitionMinimum = 2147483648

# Where the partitions looked at get a folder access path: <ProgramData>\GpuPv\mnt\<VMId prefix>-<disk>-<partition>.
$script:GpuPvMountFolder = 'GpuPv\mnt'

# The guest side of a sync, self-contained because it also runs in the guest (Invoke-Command
# -Session), where this module's functions do not exist. $Root is the guest's Windows folder as seen
# where the block runs (the mounted volume offline); $null means the guest's own $env:SystemRoot.
# Every guest path is joined to it with [IO.Path]::Combine and must stay under it.
# Actions: Temp (the guest's temp folder), Read (store listing, manifest, journal, loose files),
# Copy (offline: host files onto the volume), Expand (online: an archive in the guest), Discard
# (online: delete that archive), Steps (the file steps, stopping at the first failure).
$script:GpuPvGuestFiles = {
    param($Root, [string] $Action, $Data)
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    if ([string]::IsNullOrEmpty($Root)) {
        $Root = $env:SystemRoot
    }
    $rootFull = [IO.Path]::GetFullPath($Root).TrimEnd('\')
    $culture = [Globalization.CultureInfo]::InvariantCulture

    function Resolve-GpuPvGuestPath {
        param([string] $Relative)
        if ([string]::IsNullOrEmpty($Relative) -or [IO.Path]::IsPathRooted($Relative)) {
            throw ("Not a path inside the guest's Windows folder: '{0}'" -f $Relative)
        }
        $full = [IO.Path]::GetFullPath([IO.Path]::Combine($rootFull, $Relative))
        if (-not $full.StartsWith($rootFull + '\', [StringComparison]::OrdinalIgnoreCase)) {
            throw ("The path '{0}' leaves the guest's Windows folder." -f $Relative)
        }
        return $full
    }

    function New-GpuPvParentFolder {
        param([string] $Path)
        $null = [IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($Path))
    }

    function Test-GpuPvExists {
        param([string] $Path)
        return [IO.File]::Exists($Path) -or [IO.Directory]::Exists($Path)
    }

    function Read-GpuPvText {
        param([string] $Relative)
        $path = Resolve-GpuPvGuestPath -Relative $Relative
        if ([IO.File]::Exists($path)) {
            return [IO.File]::ReadAllText($path)
        }
        return $null
    }

    if ($Action -ceq 'Temp') {
        return [IO.Path]::GetTempPath()
    }

    if ($Action -ceq 'Read') {
        $storeRelative = 'System32\HostDriverStore'
        $store = Resolve-GpuPvGuestPath -Relative $storeRelative
        $entries = New-Object -TypeName 'System.Collections.ArrayList'
        if ([IO.Directory]::Exists($store)) {
            foreach ($item in (Get-ChildItem -LiteralPath $store -Recurse -Force)) {
                $length = $null
                if (-not $item.PSIsContainer) {
                    $length = $item.Length.ToString($culture)
                }
                [void] $entries.Add([pscustomobject]@{
                        Path      = $storeRelative + '\' + $item.FullName.Substring($store.Length + 1)
                        Directory = [bool] $item.PSIsContainer
                        Length    = $length
                    })
            }
        }
        $loose = New-Object -TypeName 'System.Collections.ArrayList'
        foreach ($relative in $Data) {
            $path = Resolve-GpuPvGuestPath -Relative $relative
            $length = $null
            if ([IO.File]::Exists($path)) {
                $length = (New-Object -TypeName 'System.IO.FileInfo' -ArgumentList $path).Length.ToString($culture)
            }
            [void] $loose.Add([pscustomobject]@{ Path = [string] $relative; Length = $length })
        }
        return [pscustomobject]@{
            Manifest   = (Read-GpuPvText -Relative 'System32\HostDriverStore\gpupv-manifest.json')
            Journal    = (Read-GpuPvText -Relative 'System32\HostDriverStore\.gpupv-sync\journal.json')
            Entries    = $entries.ToArray()
            LooseFiles = $loose.ToArray()
        }
    }

    if ($Action -ceq 'Copy') {
        foreach ($file in $Data) {
            $destination = Resolve-GpuPvGuestPath -Relative $file['Destination']
            New-GpuPvParentFolder -Path $destination
            [IO.File]::Copy([string] $file['Source'], $destination, $true)
        }
        return $null
    }

    if ($Action -ceq 'Expand') {
        # .NET Framework's ExtractToDirectory does not overwrite: entry by entry, with overwrite.
        Add-Type -AssemblyName 'System.IO.Compression', 'System.IO.Compression.FileSystem'
        $archive = [string] $Data
        try {
            $zip = [IO.Compression.ZipFile]::OpenRead($archive)
            try {
                foreach ($entry in $zip.Entries) {
                    $destination = Resolve-GpuPvGuestPath -Relative $entry.FullName.Replace('/', '\')
                    New-GpuPvParentFolder -Path $destination
                    [IO.Compression.ZipFileExtensions]::ExtractToFile($entry, $destination, $true)
                }
            }
            finally {
                $zip.Dispose()
            }
        }
        finally {
            if ([IO.File]::Exists($archive)) {
                [IO.File]::Delete($archive)
            }
        }
        return $null
    }

    if ($Action -ceq 'Discard') {
        if ([IO.File]::Exists([string] $Data)) {
            [IO.File]::Delete([string] $Data)
        }
        return $null
    }

    if ($Action -ceq 'Steps') {
        # In order; the first failure stops and is answered (not thrown: it must cross the session).
        $done = 0
        foreach ($step in $Data) {
            $op = [string] $step['Op']
            $subject = [string] $step['Path']
            if ($op -ceq 'Move' -or $op -ceq 'Link') {
                $subject = [string] $step['To']
            }
            try {
                if ($op -ceq 'Move') {
                    $from = Resolve-GpuPvGuestPath -Relative $step['From']
                    $to = Resolve-GpuPvGuestPath -Relative $step['To']
                    if (Test-GpuPvExists -Path $to) {
                        throw 'The target exists already.'
                    }
                    New-GpuPvParentFolder -Path $to
                    if ([IO.Directory]::Exists($from)) {
                        [IO.Directory]::Move($from, $to)
                    }
                    elseif ([IO.File]::Exists($from)) {
                        [IO.File]::Move($from, $to)
                    }
                    else {
                        throw ("Nothing to move: '{0}' does not exist." -f $step['From'])
                    }
                }
                elseif ($op -ceq 'Remove') {
                    $path = Resolve-GpuPvGuestPath -Relative $step['Path']
                    if (Test-GpuPvExists -Path $path) {
                        Remove-Item -LiteralPath $path -Recurse -Force
                    }
                }
                elseif ($op -ceq 'Link') {
                    $from = Resolve-GpuPvGuestPath -Relative $step['From']
                    $to = Resolve-GpuPvGuestPath -Relative $step['To']
                    if (-not [IO.File]::Exists($from)) {
                        throw ("Nothing to link: '{0}' does not exist." -f $step['From'])
                    }
                    New-GpuPvParentFolder -Path $to
                    if ([IO.File]::Exists($to)) {
                        [IO.File]::Delete($to)
                    }
                    try {
                        $null = New-Item -ItemType 'HardLink' -Path $to -Value $from -ErrorAction Stop
                    }
                    catch {
                        # A volume or a path that refuses hard links: a copy does the same job.
                        [IO.File]::Copy($from, $to, $true)
                    }
                }
                elseif ($op -ceq 'Write') {
                    # The content is UTF-8 already (no BOM): its bytes are written as they are, to a
                    # temporary file that then replaces the target.
                    $path = Resolve-GpuPvGuestPath -Relative $step['Path']
                    New-GpuPvParentFolder -Path $path
                    $temporary = $path + '.tmp'
                    [IO.File]::WriteAllBytes($temporary, [Convert]::FromBase64String([string] $step['ContentBase64']))
                    if ([IO.File]::Exists($path)) {
                        [IO.File]::Replace($temporary, $path, [NullString]::Value)
                    }
                    else {
                        [IO.File]::Move($temporary, $path)
                    }
                }
                else {
                    throw ('Unknown step: {0}' -f $op)
                }
            }
            catch {
                return [pscustomobject]@{ Done = $done; Op = $op; Path = $subject; Failure = $_.Exception.Message }
            }
            $done++
        }
        return [pscustomobject]@{ Done = $done; Op = $null; Path = $null; Failure = $null }
    }

    throw ('Unknown guest action: {0}' -f $Action)
}

function Get-GpuPvDriverFileList {
    # Every file of each package folder (any depth; hidden and system files too) and each loose file,
    # with its length and LastWriteTimeUtc ticks as decimal strings (ticks are above 2^53). A folder
    # or file that is not there answers no files / null.
    param([hashtable] $Arguments)
    $culture = [Globalization.CultureInfo]::InvariantCulture
    $folders = @(foreach ($folder in $Arguments['Folders']) {
            $files = @()
            if (Test-Path -LiteralPath $folder -PathType Container) {
                $prefix = $folder.TrimEnd('\').Length + 1
                $files = @(foreach ($file in (Get-ChildItem -LiteralPath $folder -Recurse -File -Force)) {
                        [pscustomobject]@{
                            RelativePath     = $file.FullName.Substring($prefix)
                            Length           = $file.Length.ToString($culture)
                            LastWriteTimeUtc = $file.LastWriteTimeUtc.Ticks.ToString($culture)
                        }
                    })
            }
            [pscustomobject]@{ Path = $folder; Files = $files }
        })
    $looseFiles = @(foreach ($path in $Arguments['Files']) {
            $length = $null
            $ticks = $null
            if (Test-Path -LiteralPath $path -PathType Leaf) {
                $item = Get-Item -LiteralPath $path -Force
                $length = $item.Length.ToString($culture)
                $ticks = $item.LastWriteTimeUtc.Ticks.ToString($culture)
            }
            [pscustomobject]@{ Path = $path; Length = $length; LastWriteTimeUtc = $ticks }
        })
    return [pscustomobject]@{ Folders = $folders; Files = $looseFiles }
}

function Get-GpuPvGuestSession {
    # Online: the PowerShell Direct session of the running guest, reused across the calls of a sync
    # and recreated when broken. Answers the target state, or a failure.
    param([hashtable] $Target)
    $vmId = $Target['VMId']
    $state = $script:GpuPvGuestTargets[$vmId]
    if ($null -ne $state -and $state.Mode -ceq 'Online') {
        if ([string] $state.Session.State -eq 'Opened' -and [string] $state.Session.Availability -eq 'Available') {
            return $state
        }
        Remove-PSSession -Session $state.Session -ErrorAction SilentlyContinue
        $script:GpuPvGuestTargets.Remove($vmId)
    }
    $vm = Get-VM -Id $vmId
    if ([string] $vm.State -ne 'Running') {
        $message = "The VM '{0}' is {1}: an online driver sync needs it running (PowerShell Direct). Start it, or sync offline with the VM off." -f $vm.Name, $vm.State
        return New-GpuPvFailure -Id 'guest-not-running' -Message $message -Category 'InvalidOperation'
    }
    if ($null -eq $Target['Credential']) {
        $message = "No PowerShell Direct session to VM '{0}' is open in this host session: open the guest's driver store (Open-GuestDriverStore) again." -f $vm.Name
        return New-GpuPvFailure -Id 'driver-sync-failed' -Message $message -Category 'InvalidOperation'
    }
    try {
        $session = New-PSSession -VMId $vm.VMId -Credential $Target['Credential'] -ErrorAction Stop
    }
    catch {
        # PowerShell Direct's own words for a refused logon; the error text never holds the password.
        if ($_.ToString() -match 'credential is invalid|user name or password is incorrect|logon failure') {
            return New-GpuPvFailure -Id 'guest-credentials-rejected' -ErrorRecord $_
        }
        throw
    }
    $state = @{ Mode = 'Online'; Session = $session; GuestTemp = $null }
    try {
        $state.GuestTemp = [string] (Invoke-GpuPvGuestFiles -State $state -Action 'Temp' -Data $null)
    }
    catch {
        Remove-PSSession -Session $session -ErrorAction SilentlyContinue
        throw
    }
    $script:GpuPvGuestTargets[$vmId] = $state
    return $state
}

function Get-GpuPvOfflineMount {
    # The mount an earlier Open-GuestDriverStore of this shell made for the VM, while it is still in
    # place; $null otherwise (and the stale entry is dropped).
    param([string] $VMId)
    $state = $script:GpuPvGuestTargets[$VMId]
    if ($null -eq $state -or $state.Mode -cne 'Offline') {
        return $null
    }
    $attached = $false
    try {
        $attached = [bool] (Get-VHD -Path $state.DiskPath).Attached
    }
    catch {
        $attached = $false
    }
    if (-not $attached -or -not (Test-Path -LiteralPath $state.Root -PathType Container)) {
        $script:GpuPvGuestTargets.Remove($VMId)
        return $null
    }
    return $state
}

function Resolve-GpuPvGuestTarget {
    # Where the guest block runs for Copy and file steps: the volume Open-GuestDriverStore mounted
    # (offline), or the guest's session (online, opened here when needed). A failure otherwise.
    param([hashtable] $Target)
    if ($Target['Mode'] -ceq 'Online') {
        return Get-GpuPvGuestSession -Target $Target
    }
    $mount = Get-GpuPvOfflineMount -VMId $Target['VMId']
    if ($null -eq $mount) {
        $message = "The VM's disk is not mounted by this host session: open the guest's driver store (Open-GuestDriverStore) first."
        return New-GpuPvFailure -Id 'driver-sync-failed' -Message $message -Category 'InvalidOperation'
    }
    return $mount
}

function Invoke-GpuPvGuestFiles {
    # The guest block, on the host against the mounted volume or in the guest through its session.
    param(
        [hashtable] $State,
        [string] $Action,
        $Data
    )
    if ($State.Mode -ceq 'Online') {
        return Invoke-Command -Session $State.Session -ScriptBlock $script:GpuPvGuestFiles -ArgumentList $null, $Action, $Data
    }
    return Invoke-Command -ScriptBlock $script:GpuPvGuestFiles -ArgumentList $State.Root, $Action, $Data
}

function Get-GpuPvMountFolderRoot {
    return (Join-Path -Path $env:ProgramData -ChildPath $script:GpuPvMountFolder)
}

function Add-GpuPvAccessPath {
    # A folder access path for a partition of a mounted disk, on the host's system volume. Not a drive
    # letter: no Explorer window, no letter shortage, and a letter assigned now would have no PSDrive
    # in this runspace (Test-Path / Get-ChildItem would not find it). Answers the path.
    param(
        [string] $VMId,
        $Partition
    )
    $folder = Join-Path -Path (Get-GpuPvMountFolderRoot) -ChildPath ('{0}-{1}-{2}' -f $VMId.Substring(0, 8), $Partition.DiskNumber, $Partition.PartitionNumber)
    $null = [IO.Directory]::CreateDirectory($folder)
    try {
        Add-PartitionAccessPath -DiskNumber $Partition.DiskNumber -PartitionNumber $Partition.PartitionNumber -AccessPath ($folder + '\')
    }
    catch {
        Remove-GpuPvMountFolder -Folder $folder
        throw
    }
    return ($folder + '\')
}

function Remove-GpuPvAccessPath {
    # Undoes Add-GpuPvAccessPath (before the disk is dismounted, or for a partition that is not Windows).
    param(
        $Partition,
        [string] $AccessPath
    )
    Remove-PartitionAccessPath -DiskNumber $Partition.DiskNumber -PartitionNumber $Partition.PartitionNumber -AccessPath $AccessPath -ErrorAction SilentlyContinue
    Remove-GpuPvMountFolder -Folder $AccessPath.TrimEnd('\')
}

function Remove-GpuPvMountFolder {
    # Deletes one mount folder, never recursively (a live mount point must never be descended into).
    param([string] $Folder)
    try {
        if ([IO.Directory]::Exists($Folder)) {
            [IO.Directory]::Delete($Folder, $false)
        }
    }
    catch {
        # Left behind: an empty folder under ProgramData\GpuPv\mnt, removed by the next Close.
        $null = $_
    }
}

function Clear-GpuPvMountFolders {
    # The mount folders of the VM, once its disks are dismounted (their access paths are gone with them).
    param([string] $VMId)
    $root = Get-GpuPvMountFolderRoot
    if (-not [IO.Directory]::Exists($root)) {
        return
    }
    foreach ($folder in [IO.Directory]::GetDirectories($root, ('{0}-*' -f $VMId.Substring(0, 8)))) {
        Remove-GpuPvMountFolder -Folder $folder
    }
}

function Test-GpuPvVolumeLocked {
    # BitLocker's answer for a volume whose files cannot be read, when the BitLocker module is there.
    param([string] $AccessPath)
    if (-not (Get-Command -Name 'Get-BitLockerVolume' -ErrorAction SilentlyContinue)) {
        return $false
    }
    try {
        $bitLocker = Get-BitLockerVolume -MountPoint $AccessPath -ErrorAction Stop
        return ([string] $bitLocker.LockStatus -eq 'Locked')
    }
    catch {
        return $false
    }
}

function Mount-GpuPvGuestVolume {
    # Offline: finds and mounts the VM's Windows volume. The VM's disks, in order: each is mounted
    # without a drive letter (after dismounting it when an earlier run left it attached); each
    # partition large enough gets an access path and is looked at for Windows\System32\config\SYSTEM.
    # The first hit is kept mounted; every other disk is dismounted, and all of them on any failure.
    param([string] $VMId)
    $vm = Get-VM -Id $VMId
    if ([string] $vm.State -ne 'Off') {
        $message = "The VM '{0}' is {1}: an offline driver sync mounts its disk on the host, which needs the VM turned off. Shut it down, or sync online." -f $vm.Name, $vm.State
        return New-GpuPvFailure -Id 'vm-must-be-off' -Message $message -Category 'InvalidOperation'
    }
    # Open again in the same sync (after undoing an interrupted commit): the volume is still mounted.
    $known = Get-GpuPvOfflineMount -VMId $VMId
    if ($null -ne $known) {
        return $known
    }

    $paths = @(foreach ($drive in @(Get-VMHardDiskDrive -VM $vm)) {
            if (-not [string]::IsNullOrEmpty([string] $drive.Path)) {
                [string] $drive.Path
            }
        })
    $mounted = New-Object -TypeName 'System.Collections.ArrayList'
    $kept = $null
    $disksSearched = 0
    $partitionsSearched = 0
    $offlineDisks = 0
    $locked = $null
    # Disks left attached by an earlier run that died before closing, then their mount folders.
    foreach ($path in $paths) {
        if ((Get-VHD -Path $path).Attached) {
            Dismount-VHD -Path $path
        }
    }
    Clear-GpuPvMountFolders -VMId $VMId
    try {
        foreach ($path in $paths) {
            $disksSearched++
            try {
                $vhd = Mount-VHD -Path $path -NoDriveLetter -Passthru
            }
            catch {
                if ($_.ToString() -match 'used by another process') {
                    $message = "The disk '{0}' of the VM '{1}' is in use by another process (another tool mounted it, or a backup holds it): free it, then sync again." -f $path, $vm.Name
                    return New-GpuPvFailure -Id 'vm-disk-in-use' -Message $message -Category 'ResourceBusy'
                }
                throw
            }
            [void] $mounted.Add($path)
            $diskNumber = $vhd.DiskNumber
            if ($null -eq $diskNumber) {
                $diskNumber = (Get-VHD -Path $path).DiskNumber
            }
            $disk = Get-Disk -Number $diskNumber
            if ($disk.IsOffline) {
                # Windows keeps a disk offline whose signature collides with another disk's.
                $offlineDisks++
                continue
            }
            # A blank data disk has no partition (Get-Partition then fails): nothing to look at.
            foreach ($partition in @(Get-Partition -DiskNumber $diskNumber -ErrorAction SilentlyContinue)) {
                if ([UInt64] $partition.Size -lt $script:GpuPvWindowsPartitionMinimum) {
                    continue
                }
                $partitionsSearched++
                try {
                    $accessPath = Add-GpuPvAccessPath -VMId $VMId -Partition $partition
                }
                catch {
                    # No volume Windows can mount (unformatted, foreign file system): not Windows.
                    continue
                }
                $windows = Join-Path -Path $accessPath -ChildPath 'Windows'
                if (Test-Path -LiteralPath (Join-Path -Path $windows -ChildPath 'System32\config\SYSTEM') -PathType Leaf) {
                    $state = @{
                        Mode            = 'Offline'
                        Root            = $windows
                        DiskPath        = $path
                        DiskNumber      = $diskNumber
                        PartitionNumber = $partition.PartitionNumber
                        AccessPath      = $accessPath
                        DisksSearched   = $disksSearched
                    }
                    $script:GpuPvGuestTargets[$VMId] = $state
                    $kept = $path
                    return $state
                }
                if ($null -eq $locked -and (Test-GpuPvVolumeLocked -AccessPath $accessPath)) {
                    $locked = 'disk {0}, partition {1}' -f $path, $partition.PartitionNumber
                }
                Remove-GpuPvAccessPath -Partition $partition -AccessPath $accessPath
            }
        }
        if ($null -ne $locked) {
            $message = "The VM '{0}' has a BitLocker-locked volume ({1}) and no readable Windows volume: its disk cannot be written from the host. Sync online with the VM running, or turn BitLocker off in the guest." -f $vm.Name, $locked
            return New-GpuPvFailure -Id 'guest-volume-locked' -Message $message -Category 'PermissionDenied'
        }
        $offlineNote = ''
        if ($offlineDisks -gt 0) {
            $offlineNote = ' ({0} of them stayed offline: a disk signature collision with another disk)' -f $offlineDisks
        }
        $message = "No Windows volume was found on the VM '{0}': searched {1}{2} and {3} large enough to hold Windows, none with Windows\System32\config\SYSTEM." -f $vm.Name, (Format-GpuPvCount -Count $disksSearched -One 'disk'), $offlineNote, (Format-GpuPvCount -Count $partitionsSearched -One 'partition')
        return New-GpuPvFailure -Id 'guest-volume-not-found' -Message $message -Category 'ObjectNotFound'
    }
    finally {
        # Every disk this call mounted except the one kept: the others, or all of them after a failure.
        foreach ($path in $mounted) {
            if ($path -ne $kept) {
                Dismount-VHD -Path $path -ErrorAction SilentlyContinue
            }
        }
        if ($null -eq $kept) {
            Clear-GpuPvMountFolders -VMId $VMId
        }
    }
}

function Open-GpuPvGuestDriverStore {
    # Opens the target (mounts the Windows volume, or the guest session) and reads the guest's store:
    # manifest and journal text, every entry under System32\HostDriverStore, the loose files' lengths.
    param([hashtable] $Arguments)
    $target = $Arguments['Target']
    $volume = $null
    if ($target['Mode'] -ceq 'Online') {
        $state = Get-GpuPvGuestSession -Target $target
    }
    else {
        $state = Mount-GpuPvGuestVolume -VMId $target['VMId']
    }
    if (Test-GpuPvFailure -Value $state) {
        return $state
    }
    if ($state.Mode -ceq 'Offline') {
        $volume = [pscustomobject]@{
            DiskPath        = $state.DiskPath
            PartitionNumber = $state.PartitionNumber
            DisksSearched   = $state.DisksSearched
        }
    }
    try {
        $store = Invoke-GpuPvGuestFiles -State $state -Action 'Read' -Data $Arguments['LooseFiles']
    }
    catch {
        # A disk left mounted keeps the VM from starting: undo the open before failing.
        if ($state.Mode -ceq 'Offline') {
            $null = Dismount-GpuPvVmDisks -VMId $target['VMId']
        }
        throw
    }
    return [pscustomobject]@{
        Mode       = $target['Mode']
        Volume     = $volume
        Manifest   = $store.Manifest
        Journal    = $store.Journal
        Entries    = @($store.Entries)
        LooseFiles = @($store.LooseFiles)
    }
}

# SHA-256 of host files by path, length and write time, for this shell's life: a second VM synced
# from the same driver (or a re-run after a failed copy) does not hash the same gigabytes again. The
# sync already trusts length and write time to find unchanged files; a full table is simply dropped.
$script:GpuPvHashCache = @{}
$script:GpuPvHashCacheLimit = 20000

function Get-GpuPvSourceFile {
    # What the answer says of one copied file, from its host source.
    param(
        [string] $Source,
        [string] $Destination
    )
    $culture = [Globalization.CultureInfo]::InvariantCulture
    $item = Get-Item -LiteralPath $Source -Force
    $length = $item.Length.ToString($culture)
    $ticks = $item.LastWriteTimeUtc.Ticks.ToString($culture)
    $key = '{0}|{1}|{2}' -f $item.FullName.ToLowerInvariant(), $length, $ticks
    $sha256 = $script:GpuPvHashCache[$key]
    if ($null -eq $sha256) {
        $sha256 = (Get-FileHash -LiteralPath $Source -Algorithm 'SHA256').Hash.ToUpperInvariant()
        if ($script:GpuPvHashCache.Count -ge $script:GpuPvHashCacheLimit) {
            $script:GpuPvHashCache.Clear()
        }
        $script:GpuPvHashCache[$key] = $sha256
    }
    return [pscustomobject]@{
        Destination      = $Destination
        Length           = $length
        Sha256           = $sha256
        LastWriteTimeUtc = $ticks
    }
}

function Send-GpuPvArchive {
    # Online copy of a batch: ONE zip built on the host (entries named by their destination), ONE
    # Copy-Item -ToSession into the guest's temp folder, expanded there under the Windows folder. The
    # archive is deleted on both sides whatever happens. (Copy-Item -ToSession per file takes hours
    # for a driver.)
    param(
        [hashtable] $State,
        [object[]] $Files
    )
    Add-Type -AssemblyName 'System.IO.Compression', 'System.IO.Compression.FileSystem'
    $name = 'gpupv-{0}.zip' -f [Guid]::NewGuid().ToString('N')
    $archive = Join-Path -Path ([IO.Path]::GetTempPath()) -ChildPath $name
    $guestArchive = [IO.Path]::Combine($State.GuestTemp, $name)
    $expanded = $false
    try {
        $zip = [IO.Compression.ZipFile]::Open($archive, [IO.Compression.ZipArchiveMode]::Create)
        try {
            foreach ($file in $Files) {
                $entryName = ([string] $file['Destination']).Replace('\', '/')
                $null = [IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, [string] $file['Source'], $entryName, [IO.Compression.CompressionLevel]::Fastest)
            }
        }
        finally {
            $zip.Dispose()
        }
        Copy-Item -LiteralPath $archive -Destination $guestArchive -ToSession $State.Session
        $null = Invoke-GpuPvGuestFiles -State $State -Action 'Expand' -Data $guestArchive
        $expanded = $true
    }
    finally {
        if ([IO.File]::Exists($archive)) {
            [IO.File]::Delete($archive)
        }
        if (-not $expanded) {
            try {
                $null = Invoke-GpuPvGuestFiles -State $State -Action 'Discard' -Data $guestArchive
            }
            catch {
                # The failure that got here matters more; Windows cleans its temp folder.
                $null = $_
            }
        }
    }
}

function Copy-GpuPvDriverFilesToGuest {
    # Copies host files to their guest paths and answers each one's length, SHA-256 and
    # LastWriteTimeUtc ticks (of the host file), and the bytes copied.
    param([hashtable] $Arguments)
    $state = Resolve-GpuPvGuestTarget -Target $Arguments['Target']
    if (Test-GpuPvFailure -Value $state) {
        return $state
    }
    $files = @($Arguments['Files'])
    $copied = @(foreach ($file in $files) { Get-GpuPvSourceFile -Source $file['Source'] -Destination $file['Destination'] })
    $bytes = [UInt64] 0
    foreach ($file in $copied) {
        $bytes += [UInt64]::Parse($file.Length, [Globalization.CultureInfo]::InvariantCulture)
    }
    if ($state.Mode -ceq 'Online') {
        Send-GpuPvArchive -State $state -Files $files
    }
    else {
        $null = Invoke-GpuPvGuestFiles -State $state -Action 'Copy' -Data $files
    }
    return [pscustomobject]@{ Files = $copied; Bytes = $bytes.ToString([Globalization.CultureInfo]::InvariantCulture) }
}

function Invoke-GpuPvGuestFileOperations {
    # The steps in order, in one go (online: one Invoke-Command for the batch); the first failure
    # stops the rest and is answered with its index and path.
    param([hashtable] $Arguments)
    $state = Resolve-GpuPvGuestTarget -Target $Arguments['Target']
    if (Test-GpuPvFailure -Value $state) {
        return $state
    }
    $steps = @($Arguments['Steps'])
    $outcome = Invoke-GpuPvGuestFiles -State $state -Action 'Steps' -Data $steps
    $done = [int] $outcome.Done
    if (-not [string]::IsNullOrEmpty([string] $outcome.Failure)) {
        $message = "Guest file step {0} of {1} (index {2}: {3} '{4}') failed, after {5} done: {6}" -f ($done + 1), $steps.Count, $done, $outcome.Op, $outcome.Path, (Format-GpuPvCount -Count $done -One 'step'), $outcome.Failure
        return New-GpuPvFailure -Id 'driver-sync-failed' -Message $message -Category 'WriteError'
    }
    return [pscustomobject]@{ Done = $done }
}

function Dismount-GpuPvVmDisks {
    # Every disk of the VM attached on the host, found by its path, whoever mounted it (stateless:
    # works from a new shell after a crash), then the VM's mount folders. True when one was attached.
    param([string] $VMId)
    $state = $script:GpuPvGuestTargets[$VMId]
    if ($null -ne $state -and $state.Mode -ceq 'Offline') {
        Remove-PartitionAccessPath -DiskNumber $state.DiskNumber -PartitionNumber $state.PartitionNumber -AccessPath $state.AccessPath -ErrorAction SilentlyContinue
    }
    $script:GpuPvGuestTargets.Remove($VMId)
    $vm = Get-VM -Id $VMId
    # A running VM holds its own disks (attached, but not by us): nothing of ours to dismount.
    if ($vm.State -ne 'Off') {
        Clear-GpuPvMountFolders -VMId $VMId
        return $false
    }
    $dismounted = $false
    # One disk that will not dismount must not leave the others mounted: every disk is tried, then
    # the first failure is reported.
    $failure = $null
    foreach ($drive in @(Get-VMHardDiskDrive -VM $vm)) {
        $path = [string] $drive.Path
        if ([string]::IsNullOrEmpty($path)) {
            continue
        }
        $attached = $false
        try {
            $attached = [bool] (Get-VHD -Path $path).Attached
        }
        catch {
            # A disk file that cannot be read (moved, deleted) is not mounted either.
            $attached = $false
        }
        if ($attached) {
            try {
                Dismount-VHD -Path $path
                $dismounted = $true
            }
            catch {
                if ($null -eq $failure) {
                    $failure = $_
                }
            }
        }
    }
    Clear-GpuPvMountFolders -VMId $VMId
    if ($null -ne $failure) {
        throw $failure
    }
    return $dismounted
}

function Close-GpuPvGuestDriverStore {
    # Offline: dismounts the VM's disks; online: closes the guest session. Safe to repeat.
    param([hashtable] $Arguments)
    $target = $Arguments['Target']
    $vmId = $target['VMId']
    if ($target['Mode'] -ceq 'Online') {
        $state = $script:GpuPvGuestTargets[$vmId]
        if ($null -ne $state -and $state.Mode -ceq 'Online') {
            Remove-PSSession -Session $state.Session -ErrorAction SilentlyContinue
            $script:GpuPvGuestTargets.Remove($vmId)
        }
        return [pscustomobject]@{ Dismounted = $false }
    }
    return [pscustomobject]@{ Dismounted = (Dismount-GpuPvVmDisks -VMId $vmId) }
}

function Get-GpuPvDriverSyncRecordPath {
    param([string] $VMId)
    return (Join-Path -Path $env:ProgramData -ChildPath ('GpuPv\driver-sync\{0}.json' -f $VMId))
}

function Read-GpuPvDriverSyncRecord {
    # The text of the VM's sync record, or $null (none, or unreadable: the VM then shows "not synced").
    param([string] $VMId)
    $path = Get-GpuPvDriverSyncRecordPath -VMId $VMId
    try {
        if ([IO.File]::Exists($path)) {
            return [IO.File]::ReadAllText($path)
        }
    }
    catch {
        $null = $_
    }
    return $null
}

function Set-GpuPvDriverSyncRecord {
    # Keeps the record's JSON text (written to a temporary file that replaces the old one), or with
    # a null record deletes it.
    param([hashtable] $Arguments)
    $path = Get-GpuPvDriverSyncRecordPath -VMId $Arguments['VMId']
    $text = $Arguments['Record']
    if ($null -eq $text) {
        if ([IO.File]::Exists($path)) {
            [IO.File]::Delete($path)
        }
        return $null
    }
    $null = [IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($path))
    $temporary = $path + '.tmp'
    [IO.File]::WriteAllText($temporary, [string] $text, (New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $false))
    if ([IO.File]::Exists($path)) {
        [IO.File]::Replace($temporary, $path, [NullString]::Value)
    }
    else {
        [IO.File]::Move($temporary, $path)
    }
    return $null
}

# Remote hosts. The local shell stays the one session of the extension: Connect-GpuPvRemote opens a
# PSSession to the host (WinRM or SSH), copies this file there and imports it, and from then on
# Invoke-GpuPv forwards each call's operation and payload unchanged. PowerShell remoting is the
# transport; there is no agent of our own on the host.

function Connect-GpuPvRemote {
    # The connect line (src/host/remoteLaunch.ts). Answers one envelope line, like a call; a
    # remoting error travels with New-PSSession's own text, which the extension maps to an id.
    param([string] $Payload)
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    $WarningPreference = 'SilentlyContinue'
    $VerbosePreference = 'SilentlyContinue'
    $InformationPreference = 'SilentlyContinue'
    try {
        $reply = Open-GpuPvRemoteSession -Payload $Payload
    }
    catch {
        $reply = New-GpuPvFailure -Id 'hyperv-error' -ErrorRecord $_
    }
    Write-GpuPvReply -Text (ConvertTo-GpuPvReplyText -Reply $reply)
}

function Open-GpuPvRemoteSession {
    param([string] $Payload)
    try {
        $connection = ConvertFrom-GpuPvPayload -Payload $Payload -Expected $script:GpuPvConnectArguments
    }
    catch {
        return New-GpuPvFailure -Id 'invalid-argument' -ErrorRecord $_
    }
    if ($connection['Transport'] -ceq 'ssh') {
        if ($PSVersionTable.PSVersion.Major -lt 7) {
            return New-GpuPvFailure -Id 'remote-ssh-needs-pwsh7' -Message 'SSH remoting needs PowerShell 7 on this computer; Windows PowerShell 5.1 has only WinRM.' -Category 'NotImplemented'
        }
        $session = New-GpuPvSshSession -Connection $connection
    }
    else {
        $session = New-GpuPvWinRmSession -Connection $connection
    }
    try {
        $facts = Import-GpuPvRemoteModule -Session $session
    }
    catch {
        Remove-PSSession -Session $session -ErrorAction SilentlyContinue
        throw
    }
    if (-not $facts.ok) {
        Remove-PSSession -Session $session -ErrorAction SilentlyContinue
        return New-GpuPvFailure -Id 'hyperv-error' -Message $facts.error.message
    }
    # Hyper-V's cmdlets refuse an account that is neither an administrator (elevated: remoting
    # gives administrators a full token) nor in Hyper-V Administrators: say so now, once.
    if (-not $facts.result.Elevated -and -not $facts.result.HyperVAdministrator) {
        Remove-PSSession -Session $session -ErrorAction SilentlyContinue
        return New-GpuPvFailure -Id 'remote-not-hyperv-admin' -Message ('The account is neither an administrator nor a member of Hyper-V Administrators on {0}.' -f $facts.result.ComputerName) -Category 'PermissionDenied'
    }
    $script:GpuPvRemoteSession = $session
    return [ordered]@{
        ok     = $true
        result = [pscustomobject]@{
            ComputerName        = $facts.result.ComputerName
            PSVersion           = $facts.result.PSVersion
            HyperVAdministrator = $facts.result.HyperVAdministrator
            Elevated            = $facts.result.Elevated
        }
    }
}

function New-GpuPvWinRmSession {
    param([hashtable] $Connection)
    $option = New-PSSessionOption -OpenTimeout $Connection['TimeoutMs']
    $parameters = @{ ComputerName = $Connection['Address']; SessionOption = $option; ErrorAction = 'Stop' }
    if ($Connection.ContainsKey('Port')) {
        $parameters['Port'] = $Connection['Port']
    }
    if ($Connection.ContainsKey('UseSsl') -and $Connection['UseSsl']) {
        $parameters['UseSSL'] = $true
    }
    if ($Connection.ContainsKey('Authentication')) {
        $parameters['Authentication'] = $Connection['Authentication']
    }
    if ($Connection.ContainsKey('Credential')) {
        $parameters['Credential'] = $Connection['Credential']
    }
    return (New-PSSession @parameters)
}

function New-GpuPvSshSession {
    # PowerShell 7 only (checked by the caller). BatchMode: a key that does not work fails at once
    # instead of waiting at a password prompt nobody can answer.
    param([hashtable] $Connection)
    $parameters = @{ HostName = $Connection['Address']; ErrorAction = 'Stop' }
    # -ConnectingTimeout (7.2) and -Options (7.3) are newer than SSH remoting itself: passed only where
    # this PowerShell has them, so 7.0 and 7.1 still connect (without the fail-fast niceties).
    $available = (Get-Command -Name 'New-PSSession').Parameters
    if ($available.ContainsKey('Options')) {
        $parameters['Options'] = @{ BatchMode = 'yes' }
    }
    if ($available.ContainsKey('ConnectingTimeout')) {
        $parameters['ConnectingTimeout'] = $Connection['TimeoutMs']
    }
    if ($Connection.ContainsKey('Port')) {
        $parameters['Port'] = $Connection['Port']
    }
    if ($Connection.ContainsKey('UserName')) {
        $parameters['UserName'] = $Connection['UserName']
    }
    if ($Connection.ContainsKey('KeyFilePath')) {
        $parameters['KeyFilePath'] = $Connection['KeyFilePath']
    }
    return (New-PSSession @parameters)
}

function Import-GpuPvRemoteModule {
    # Copies this file into the host's temp folder and imports it there (execution policy bypassed
    # for that session only), then reads the host's facts through it: the decoded envelope.
    param($Session)
    $remotePath = Invoke-Command -Session $Session -ErrorAction Stop -ScriptBlock {
        Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath 'GpuPv.psm1'
    }
    Copy-Item -LiteralPath $script:GpuPvModulePath -Destination $remotePath -ToSession $Session -Force -ErrorAction Stop
    $text = Invoke-Command -Session $Session -ErrorAction Stop -ArgumentList $remotePath -ScriptBlock {
        param($ModulePath)
        Set-ExecutionPolicy -ExecutionPolicy Bypass -Scope Process -Force -ErrorAction SilentlyContinue
        Import-Module -Name $ModulePath -DisableNameChecking -ErrorAction Stop
        Invoke-GpuPv -Operation 'Get-HostFacts' -Payload 'e30=' -AsText
    }
    return (ConvertFrom-Json -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([string] $text))))
}

function Invoke-GpuPvRemote {
    # One call on the remote host; its reply line comes back as it is. A broken session answers
    # 'remote-connection-lost', and the extension starts a new shell, which reconnects.
    param(
        [string] $Operation,
        [string] $Payload
    )
    try {
        $text = Invoke-Command -Session $script:GpuPvRemoteSession -ErrorAction Stop -ArgumentList $Operation, $Payload -ScriptBlock {
            param($RemoteOperation, $RemotePayload)
            Invoke-GpuPv -Operation $RemoteOperation -Payload $RemotePayload -AsText
        }
        return [string] $text
    }
    catch {
        return (ConvertTo-GpuPvReplyText -Reply (New-GpuPvFailure -Id 'remote-connection-lost' -ErrorRecord $_))
    }
}

function Get-GpuPvClusterNodes {
    # The failover cluster this host belongs to, by Get-ClusterNode. The FailoverClusters module is
    # there only with the feature or RSAT installed: its absence is this module's own id.
    if ($null -eq (Get-Command -Name 'Get-ClusterNode' -ErrorAction SilentlyContinue)) {
        return New-GpuPvFailure -Id 'cluster-module-missing' -Message 'The FailoverClusters PowerShell module is not available on this host (Get-ClusterNode).' -Category 'ObjectNotFound'
    }
    $nodes = @(Get-ClusterNode -ErrorAction Stop)
    return , @($nodes | ForEach-Object -Process {
            [pscustomobject]@{ Name = [string] $_.Name; State = [string] $_.State; Id = [string] $_.Id }
        })
}

Export-ModuleMember -Function 'Invoke-GpuPv', 'Connect-GpuPvRemote'
