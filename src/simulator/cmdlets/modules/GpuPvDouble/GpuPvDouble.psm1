# The transport of the PowerShell double: each double cmdlet sends its call, as JSON on one line,
# to the cmdlet server of the simulated host (src/simulator/cmdlets/cmdletServer.ts) over the Unix
# socket in $env:GPUPV_DOUBLE_SOCKET, and turns the answer back into objects shaped like the real
# ones: Hyper-V's enums as .NET enums, UInt64 values exact, the cmdlet's error record with Windows'
# FullyQualifiedErrorId. Loaded by the double modules only; the module under test never sees it.

if (-not ('Microsoft.HyperV.PowerShell.VMState' -as [type])) {
    # The numbers Windows PowerShell 5.1 prints for these enums (src/simulator/output/enums.ts).
    # Emitted rather than compiled with Add-Type: Roslyn takes seconds per pwsh start, this a few ms.
    $enums = [ordered]@{
        VMState        = [ordered]@{ Other = 1; Running = 2; Off = 3; Stopping = 4; Saved = 6; Paused = 9; Starting = 10 }
        CheckpointType = [ordered]@{ Disabled = 2; Production = 3; ProductionOnly = 4; Standard = 5 }
        StopAction     = [ordered]@{ TurnOff = 2; Save = 3; ShutDown = 4 }
        StartAction    = [ordered]@{ Nothing = 2; StartIfRunning = 3; Start = 4 }
    }
    $assembly = [Reflection.Emit.AssemblyBuilder]::DefineDynamicAssembly([Reflection.AssemblyName]::new('GpuPvDouble.Enums'), [Reflection.Emit.AssemblyBuilderAccess]::Run)
    $module = $assembly.DefineDynamicModule('GpuPvDouble.Enums')
    foreach ($name in $enums.Keys) {
        $builder = $module.DefineEnum("Microsoft.HyperV.PowerShell.$name", [Reflection.TypeAttributes]::Public, [int])
        foreach ($literal in $enums[$name].GetEnumerator()) { $null = $builder.DefineLiteral($literal.Key, [int] $literal.Value) }
        $null = $builder.CreateTypeInfo()
    }
}

$script:EnumTypes = @{
    State                = [Microsoft.HyperV.PowerShell.VMState]
    CheckpointType       = [Microsoft.HyperV.PowerShell.CheckpointType]
    AutomaticStopAction  = [Microsoft.HyperV.PowerShell.StopAction]
    AutomaticStartAction = [Microsoft.HyperV.PowerShell.StartAction]
}
$script:GuidProperties = @('VMId', 'Id')
$script:Connection = $null

function Get-GpuPvDoubleConnection {
    if ($null -eq $script:Connection) {
        $socket = [Net.Sockets.Socket]::new([Net.Sockets.AddressFamily]::Unix, [Net.Sockets.SocketType]::Stream, [Net.Sockets.ProtocolType]::Unspecified)
        $socket.Connect([Net.Sockets.UnixDomainSocketEndPoint]::new($env:GPUPV_DOUBLE_SOCKET))
        $stream = [Net.Sockets.NetworkStream]::new($socket, $true)
        $encoding = [Text.UTF8Encoding]::new($false)
        $writer = [IO.StreamWriter]::new($stream, $encoding)
        $writer.AutoFlush = $true
        $script:Connection = @{ Reader = [IO.StreamReader]::new($stream, $encoding); Writer = $writer }
    }
    return $script:Connection
}

function ConvertFrom-GpuPvDoubleValue {
    # A wire value back to what PowerShell holds; $Property names the enum type of an {"$enum"}.
    param($Value, [string] $Property)
    if ($null -eq $Value) {
        return $null
    }
    if ($Value -is [Array]) {
        return , @(foreach ($item in $Value) { ConvertFrom-GpuPvDoubleValue -Value $item -Property $Property })
    }
    if ($Value -isnot [Management.Automation.PSCustomObject]) {
        if ($Property -in $script:GuidProperties -and $Value -is [string] -and $Value -match '\A[0-9a-f-]{36}\z') {
            return [Guid]::Parse($Value)
        }
        return $Value
    }
    $names = @($Value.PSObject.Properties.Name)
    if ($names.Count -eq 1 -and $names[0] -eq '$u64') {
        return [UInt64]::Parse($Value.'$u64', [Globalization.CultureInfo]::InvariantCulture)
    }
    if ($names.Count -eq 1 -and $names[0] -eq '$enum') {
        return [Enum]::Parse($script:EnumTypes[$Property], $Value.'$enum')
    }
    if ($names.Count -eq 1 -and $names[0] -eq '$date') {
        return [DateTime]::ParseExact($Value.'$date', 'yyyy-MM-dd', [Globalization.CultureInfo]::InvariantCulture)
    }
    $object = [ordered]@{}
    foreach ($name in $names) {
        $object[$name] = ConvertFrom-GpuPvDoubleValue -Value $Value.$name -Property $name
    }
    return [pscustomobject] $object
}

function New-GpuPvDoubleErrorRecord {
    param($Failure)
    $record = [Management.Automation.ErrorRecord]::new(
        [Exception]::new($Failure.message), $Failure.fullyQualifiedErrorId, [Management.Automation.ErrorCategory] $Failure.category, $null)
    # A compiled cmdlet's record names its .NET class after the id ("...,Microsoft.HyperV.PowerShell.
    # Commands.StartVM"); a function's would name the function. The record keeps Windows' id the way a
    # record that crossed a remoting boundary keeps its own.
    $flags = [Reflection.BindingFlags] 'NonPublic, Instance'
    [Management.Automation.ErrorRecord].GetField('_serializedFullyQualifiedErrorId', $flags).SetValue($record, [string] $Failure.fullyQualifiedErrorId)
    [Management.Automation.ErrorRecord].GetField('_isSerialized', $flags).SetValue($record, $true)
    return $record
}

function Send-GpuPvDoubleRequest {
    # One call to the cmdlet server; its answer as sent: output, warning, error.
    param([Parameter(Mandatory)] [string] $Cmdlet, [hashtable] $Parameters = @{})
    $connection = Get-GpuPvDoubleConnection
    $connection.Writer.WriteLine((ConvertTo-Json -InputObject @{ cmdlet = $Cmdlet; parameters = $Parameters } -Compress -Depth 10))
    return (ConvertFrom-Json -InputObject $connection.Reader.ReadLine())
}

function Invoke-GpuPvDoubleCmdlet {
    # Sends one cmdlet call and writes its answer through the calling double cmdlet ($Caller):
    # output, a warning, and an error as a compiled cmdlet reports it, honouring the preference of
    # whoever called the double (a compiled cmdlet reads it from its caller's scope; a script
    # module's function would not).
    param(
        [Parameter(Mandatory)] [string] $Cmdlet,
        [hashtable] $Parameters = @{},
        [Parameter(Mandatory)] $Caller,
        [hashtable] $Bound = @{},
        [string] $TypeName,
        # A script function of another module (Storage's CDXML cmdlets, BitLocker's): its error is
        # written as such, so only its own -ErrorAction, its module's and the global preference count.
        [switch] $ScriptFunction
    )
    $answer = Send-GpuPvDoubleRequest -Cmdlet $Cmdlet -Parameters $Parameters
    foreach ($item in @($answer.output)) {
        $object = ConvertFrom-GpuPvDoubleValue -Value $item
        if ($TypeName) {
            $object.PSObject.TypeNames.Insert(0, $TypeName)
        }
        $Caller.WriteObject($object)
    }
    if ($null -ne $answer.warning) {
        $Caller.WriteWarning($answer.warning)
    }
    if ($null -ne $answer.error) {
        $record = New-GpuPvDoubleErrorRecord -Failure $answer.error
        if ($ScriptFunction) {
            $Caller.WriteError($record)
            return
        }
        Write-GpuPvDoubleError -Record $record -Caller $Caller -Bound $Bound
    }
}

function Write-GpuPvDoubleError {
    # An error as a compiled cmdlet reports it: terminating when its caller's preference (or the
    # call's -ErrorAction) says Stop.
    param($Record, $Caller, [hashtable] $Bound = @{})
    $preference = $Caller.SessionState.PSVariable.GetValue('ErrorActionPreference')
    if ($Bound.ContainsKey('ErrorAction')) {
        $preference = $Bound['ErrorAction']
    }
    switch ([string] $preference) {
        'Stop' { $Caller.ThrowTerminatingError($Record) }
        'Ignore' { }
        'SilentlyContinue' { }
        default { $Caller.WriteError($Record) }
    }
}

function Get-GpuPvDoubleHost {
    # What this host's Windows has (cmdlet names, -InstancePath), asked once when a double loads.
    $connection = Get-GpuPvDoubleConnection
    $connection.Writer.WriteLine('{"cmdlet":"Get-GpuPvDoubleHost","parameters":{}}')
    return (ConvertFrom-Json -InputObject $connection.Reader.ReadLine()).output[0]
}

function Get-GpuPvDoubleTarget {
    # The VMs a call names: by -VM objects (their ids) or by -VMName / -Name, which the server resolves.
    param([hashtable] $Bound)
    if ($Bound.ContainsKey('VM')) {
        return @{ VMId = @(foreach ($item in $Bound['VM']) { [string] $item.VMId }) }
    }
    foreach ($name in @('VMName', 'Name')) {
        if ($Bound.ContainsKey($name)) {
            return @{ VMName = @($Bound[$name]) }
        }
    }
    return @{}
}

function New-GpuPvDoubleParameters {
    # The twelve UInt64 partition sizes of Add-/Set-VMGpuPartitionAdapter, and -InstancePath where
    # this host's Add-VMGpuPartitionAdapter has it, in every parameter set of the cmdlet.
    param([switch] $InstancePath)
    $dictionary = [Management.Automation.RuntimeDefinedParameterDictionary]::new()
    $names = foreach ($kind in @('VRAM', 'Encode', 'Decode', 'Compute')) {
        foreach ($prefix in @('Min', 'Max', 'Optimal')) { '{0}Partition{1}' -f $prefix, $kind }
    }
    $types = @{}
    foreach ($name in $names) { $types[$name] = [UInt64] }
    if ($InstancePath) { $types['InstancePath'] = [string] }
    foreach ($name in $types.Keys) {
        $attributes = [Collections.ObjectModel.Collection[Attribute]]::new()
        $attributes.Add([Management.Automation.ParameterAttribute]::new())
        $dictionary.Add($name, [Management.Automation.RuntimeDefinedParameter]::new($name, $types[$name], $attributes))
    }
    return $dictionary
}

function Get-GpuPvDoubleValues {
    # The bound values of the given parameters, UInt64 as invariant digits so nothing rounds.
    param([hashtable] $Bound, [string[]] $Names)
    $values = @{}
    foreach ($name in $Names) {
        if ($Bound.ContainsKey($name)) {
            $value = $Bound[$name]
            if ($value -is [UInt64] -or $value -is [UInt32] -or $value -is [Enum]) { $value = $value.ToString() }
            if ($value -is [Management.Automation.SwitchParameter]) { $value = $value.IsPresent }
            $values[$name] = $value
        }
    }
    return $values
}

function ConvertTo-GpuPvDoubleFolder {
    # The folder an access path or mount point names, as this machine's path: PowerShell resolves it
    # as Windows would (its trailing separator dropped), so the server finds the folder.
    param([Parameter(Mandatory = $true)] $Cmdlet, [string] $Path)
    return $Cmdlet.GetUnresolvedProviderPathFromPSPath($Path.TrimEnd('\', '/'))
}

function Register-GpuPvDoubleKill {
    # A kill test's exact kill: once $TriggerFile holds "<point> <n>", the shell dies (exit 137, as
    # a killed process) after n items of that point are done, between two items, with no race:
    # - copied-file: the guest block's copy creates each file's folder, then copies it; the kill
    #   comes at the next file's turn, after n files are copied;
    # - commit-step: the guest block counts each step done in $done (0 first); the kill comes at the
    #   write after n steps.
    # The trigger file is removed at the kill, so the re-run that follows completes.
    param([string] $TriggerFile)
    $onHit = {
        param([string] $Point, [string] $GuestAction)
        $kill = $global:GpuPvDoubleKill
        if (-not [IO.File]::Exists($kill.File)) {
            return
        }
        $trigger = ([IO.File]::ReadAllText($kill.File)).Trim() -split ' '
        if ($trigger[0] -cne $Point -or $GuestAction -cne $(if ($Point -ceq 'copied-file') { 'Copy' } else { 'Steps' })) {
            return
        }
        $kill.Hits++
        if ($kill.Hits -gt [int] $trigger[1]) {
            [IO.File]::Delete($kill.File)
            [Environment]::Exit(137)
        }
    }
    $global:GpuPvDoubleKill = @{ File = $TriggerFile; Hits = 0; OnHit = $onHit }
    # Unbound blocks (not of this module) run where the breakpoint hit: $Action is the guest block's.
    $null = Set-PSBreakpoint -Command 'New-GpuPvParentFolder' -Action ([scriptblock]::Create('& $global:GpuPvDoubleKill.OnHit copied-file $Action'))
    $null = Set-PSBreakpoint -Variable 'done' -Mode 'Write' -Action ([scriptblock]::Create('& $global:GpuPvDoubleKill.OnHit commit-step $Action'))
}

Export-ModuleMember -Function 'ConvertTo-GpuPvDoubleFolder', 'Register-GpuPvDoubleKill', 'Send-GpuPvDoubleRequest', 'Invoke-GpuPvDoubleCmdlet', 'Write-GpuPvDoubleError', 'New-GpuPvDoubleErrorRecord', 'ConvertFrom-GpuPvDoubleValue', 'Get-GpuPvDoubleHost', 'Get-GpuPvDoubleTarget', 'New-GpuPvDoubleParameters', 'Get-GpuPvDoubleValues'
