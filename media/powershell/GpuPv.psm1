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
    'Get-ClusterNodes'           = @{
        Arguments   = @{}
        NeedsHyperV = $false
        Handler     = { param($Arguments) Get-GpuPvClusterNodes }
    }
}

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
    $parameters = @{ HostName = $Connection['Address']; Options = @{ BatchMode = 'yes' }; ConnectingTimeout = $Connection['TimeoutMs']; ErrorAction = 'Stop' }
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
