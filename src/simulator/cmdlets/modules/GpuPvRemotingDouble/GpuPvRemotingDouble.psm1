# A double of PowerShell Direct for the tests: New-PSSession -VMId, Invoke-Command -Session,
# Copy-Item -ToSession / -FromSession and Remove-PSSession, as GpuPv.psm1 uses them with a running
# guest. The server checks what Hyper-V checks (the VM runs, the guest takes the credential); the
# guest's side then runs in a runspace of this process, its C: being the VM's disk folder: paths
# crossing the session are translated both ways (C:\... in, the folder out as C:\...), and what
# crosses is serialized and deserialized as remoting does. Any other call goes to the real cmdlet.
# The session object is not a PSSession (whose type data makes State read-only and computed): it
# carries the properties the module reads.
#
# These are core cmdlets, never autoloaded from a module: the double's launch imports this module
# into the global scope, where its functions come before the cmdlets of the same name.
Import-Module -Name 'GpuPvDouble' -Verbose:$false

$script:Sessions = @{}
$script:NextId = 1
# Deep enough for the guest block's answers (objects holding arrays of objects). Remoting's own depth
# for custom objects is not imitated: only a Windows host shows whether those answers keep their shape.
$script:SerializationDepth = 8

function Get-GpuPvDoubleSession {
    # The double's own session behind a session object, or $null for anything else.
    param($Session)
    if ($null -eq $Session -or $null -eq $Session.PSObject.Properties['GpuPvDouble']) {
        return $null
    }
    return $script:Sessions[[int] $Session.Id]
}

function ConvertTo-GpuPvGuestPath {
    # C:\Windows\... in the guest -> the folder it is on this machine.
    param([string] $Path, [string] $Root)
    if ($Path -match '\A[Cc]:\\(.*)\z') {
        return [IO.Path]::Combine($Root, $Matches[1].Replace('\', [IO.Path]::DirectorySeparatorChar))
    }
    return $Path
}

function ConvertTo-GpuPvGuestValue {
    # An argument as the guest receives it: a copy (as deserialized), its C:\ paths made this machine's.
    param($Value, [string] $Root)
    if ($Value -is [string]) {
        return ConvertTo-GpuPvGuestPath -Path $Value -Root $Root
    }
    if ($Value -is [Collections.IDictionary]) {
        $copy = @{}
        foreach ($key in $Value.Keys) { $copy[$key] = ConvertTo-GpuPvGuestValue -Value $Value[$key] -Root $Root }
        return $copy
    }
    if ($Value -is [Array]) {
        return , @(foreach ($item in $Value) { ConvertTo-GpuPvGuestValue -Value $item -Root $Root })
    }
    return $Value
}

function ConvertFrom-GpuPvGuestValue {
    # What the guest answered, as the host receives it: deserialized, its folder named C:\ again.
    param($Value, [string] $Root)
    $separator = [IO.Path]::DirectorySeparatorChar
    if ($Value -is [string]) {
        if ($Value.StartsWith($Root + $separator, [StringComparison]::Ordinal)) {
            return 'C:\' + $Value.Substring($Root.Length + 1).Replace($separator, '\')
        }
        return $Value
    }
    if ($Value -is [Array] -or $Value -is [Collections.ArrayList]) {
        return , @(foreach ($item in $Value) { ConvertFrom-GpuPvGuestValue -Value $item -Root $Root })
    }
    if ($null -ne $Value -and -not $Value.GetType().IsPrimitive) {
        # A deserialized object: its properties are note properties.
        foreach ($property in $Value.PSObject.Properties.Match('*', 'NoteProperty')) {
            $property.Value = ConvertFrom-GpuPvGuestValue -Value $property.Value -Root $Root
        }
    }
    return $Value
}

function Copy-GpuPvSerialized {
    # What remoting does to an object on its way: serialized, then deserialized on the other side.
    param($Value)
    return [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($Value, $script:SerializationDepth))
}

function New-PSSession {
    [CmdletBinding(DefaultParameterSetName = 'VMId')]
    param(
        [Parameter(ParameterSetName = 'VMId', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)] [Alias('VMGuid')] [Guid[]] $VMId,
        [Parameter(ParameterSetName = 'VMId', Mandatory = $true)] [pscredential] $Credential,
        [string[]] $Name
    )
    foreach ($id in $VMId) {
        $password = $Credential.GetNetworkCredential().Password
        $answer = Send-GpuPvDoubleRequest -Cmdlet 'New-PSSession' -Parameters @{ VMId = [string] $id; UserName = $Credential.UserName; Password = $password }
        if ($null -ne $answer.error) {
            Write-GpuPvDoubleError -Record (New-GpuPvDoubleErrorRecord -Failure $answer.error) -Caller $PSCmdlet -Bound $PSBoundParameters
            continue
        }
        $guest = $answer.output[0]
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $sessionId = $script:NextId++
        $temp = [IO.Path]::Combine($guest.Root, 'Windows', 'Temp')
        $null = [IO.Directory]::CreateDirectory($temp)
        $script:Sessions[$sessionId] = @{ Runspace = $runspace; Root = [string] $guest.Root; Temp = $temp }
        $session = [pscustomobject]@{
            PSTypeName   = 'GpuPvDouble.PSSession'
            Id           = $sessionId
            Name         = 'Runspace{0}' -f $sessionId
            ComputerName = [string] $guest.VMName
            ComputerType = 'VirtualMachine'
            VMId         = $id
            State        = 'Opened'
            Availability = 'Available'
            GpuPvDouble  = $true
        }
        $PSCmdlet.WriteObject($session)
    }
}

function Invoke-GpuPvGuestCommand {
    # The script block, as its text (as remoting sends it), in the guest's runspace; SystemRoot and
    # the temp folder are the guest's while it runs.
    param([hashtable] $Guest, [scriptblock] $ScriptBlock, [object[]] $ArgumentList, $Caller, [hashtable] $Bound)
    $shell = [powershell]::Create()
    $shell.Runspace = $Guest.Runspace
    $null = $shell.AddScript($ScriptBlock.ToString())
    foreach ($argument in @($ArgumentList)) {
        $null = $shell.AddArgument((ConvertTo-GpuPvGuestValue -Value (Copy-GpuPvSerialized -Value $argument) -Root $Guest.Root))
    }
    $saved = @{ SystemRoot = $env:SystemRoot; TMPDIR = $env:TMPDIR }
    $env:SystemRoot = [IO.Path]::Combine($Guest.Root, 'Windows')
    $env:TMPDIR = $Guest.Temp + [IO.Path]::DirectorySeparatorChar
    try {
        $output = $shell.Invoke()
    }
    catch {
        $inner = $_.Exception.InnerException
        $record = [Management.Automation.ErrorRecord]::new($inner, 'RemoteScriptFailed', 'NotSpecified', $null)
        Write-GpuPvDoubleError -Record $record -Caller $Caller -Bound $Bound
        return
    }
    finally {
        $env:SystemRoot = $saved.SystemRoot
        $env:TMPDIR = $saved.TMPDIR
        $shell.Dispose()
    }
    foreach ($item in $output) {
        $Caller.WriteObject((ConvertFrom-GpuPvGuestValue -Value (Copy-GpuPvSerialized -Value $item) -Root $Guest.Root))
    }
}

function Invoke-Command {
    [CmdletBinding(DefaultParameterSetName = 'InProcess')]
    param(
        [Parameter(ParameterSetName = 'Session', Mandatory = $true, Position = 0)] [psobject[]] $Session,
        [Parameter(Mandatory = $true, Position = 1)] [Alias('Command')] [scriptblock] $ScriptBlock,
        [Alias('Args')] [object[]] $ArgumentList,
        [Parameter(ValueFromPipeline = $true)] [psobject] $InputObject,
        [Parameter(ParameterSetName = 'InProcess')] [switch] $NoNewScope
    )
    process {
        $guests = @(foreach ($item in $Session) { Get-GpuPvDoubleSession -Session $item })
        if ($PSCmdlet.ParameterSetName -ceq 'InProcess' -or $guests.Count -eq 0) {
            Microsoft.PowerShell.Core\Invoke-Command @PSBoundParameters
            return
        }
        foreach ($guest in $guests) {
            Invoke-GpuPvGuestCommand -Guest $guest -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList -Caller $PSCmdlet -Bound $PSBoundParameters
        }
    }
}

function Copy-Item {
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('PSPath', 'LP')]
        [string[]] $LiteralPath,
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = $true)] [string] $Destination,
        [switch] $Container,
        [switch] $Force,
        [string] $Filter,
        [string[]] $Include,
        [string[]] $Exclude,
        [switch] $Recurse,
        [switch] $PassThru,
        [psobject] $ToSession,
        [psobject] $FromSession
    )
    process {
        $toGuest = Get-GpuPvDoubleSession -Session $ToSession
        $fromGuest = Get-GpuPvDoubleSession -Session $FromSession
        if ($null -eq $toGuest -and $null -eq $fromGuest) {
            Microsoft.PowerShell.Management\Copy-Item @PSBoundParameters
            return
        }
        $sources = if ($PSCmdlet.ParameterSetName -ceq 'LiteralPath') { $LiteralPath } else { $Path }
        foreach ($source in $sources) {
            if ($null -ne $toGuest) {
                $from = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($source)
                $to = ConvertTo-GpuPvGuestPath -Path $Destination -Root $toGuest.Root
            }
            else {
                $from = ConvertTo-GpuPvGuestPath -Path $source -Root $fromGuest.Root
                $to = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Destination)
            }
            try {
                [IO.File]::Copy($from, $to, $Force.IsPresent)
            }
            catch {
                $record = [Management.Automation.ErrorRecord]::new($_.Exception.InnerException, 'CopyError,Microsoft.PowerShell.Commands.CopyItemCommand', 'WriteError', $source)
                Write-GpuPvDoubleError -Record $record -Caller $PSCmdlet -Bound $PSBoundParameters
            }
        }
    }
}

function Remove-PSSession {
    [CmdletBinding(DefaultParameterSetName = 'Session', SupportsShouldProcess = $true)]
    param([Parameter(ParameterSetName = 'Session', Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [psobject[]] $Session)
    process {
        foreach ($item in $Session) {
            $guest = Get-GpuPvDoubleSession -Session $item
            if ($null -eq $guest) {
                Microsoft.PowerShell.Core\Remove-PSSession -Session $item
                continue
            }
            $guest.Runspace.Dispose()
            $script:Sessions.Remove([int] $item.Id)
            $item.State = 'Closed'
            $item.Availability = 'None'
        }
    }
}

Export-ModuleMember -Function 'New-PSSession', 'Invoke-Command', 'Copy-Item', 'Remove-PSSession'
