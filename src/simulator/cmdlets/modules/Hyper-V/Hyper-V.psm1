# A double of Windows' Hyper-V module, for the tests: the cmdlets GpuPv.psm1 calls, with the real
# cmdlets' parameter names (test/support/cmdletSignatures.ts, from Microsoft's reference) and types,
# so PowerShell's binder refuses a wrong call as on Windows. Each forwards to the simulated host's
# cmdlet server, whose answers come from the same model as the simulated host's.
Import-Module -Name 'GpuPvDouble' -Verbose:$false

$script:HostGeneration = Get-GpuPvDoubleHost
if (-not $script:HostGeneration.HyperVModule) {
    # As on a Windows without the Hyper-V feature: the module cannot be imported.
    throw [IO.FileNotFoundException]::new("The specified module 'Hyper-V' was not loaded because no valid module file was found in any module directory.")
}
$script:SizeNames = foreach ($kind in @('VRAM', 'Encode', 'Decode', 'Compute')) {
    foreach ($prefix in @('Min', 'Max', 'Optimal')) { '{0}Partition{1}' -f $prefix, $kind }
}

function Get-VM {
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    param(
        [Parameter(ParameterSetName = 'Name', Position = 0, ValueFromPipeline = $true)] [Alias('VMName')] [string[]] $Name,
        [Parameter(ParameterSetName = 'Id', Mandatory = $true)] [Nullable[Guid]] $Id
    )
    process {
        $parameters = @{}
        if ($PSBoundParameters.ContainsKey('Id')) { $parameters['VMId'] = @([string] $Id) }
        if ($PSBoundParameters.ContainsKey('Name')) { $parameters['VMName'] = @($Name) }
        $call = @{
            Cmdlet     = 'Get-VM'
            Parameters = $parameters
            Caller     = $PSCmdlet
            Bound      = $PSBoundParameters
            TypeName   = 'Microsoft.HyperV.PowerShell.VirtualMachine'
        }
        Invoke-GpuPvDoubleCmdlet @call
    }
}

function Get-VMGpuPartitionAdapter {
    [CmdletBinding(DefaultParameterSetName = 'VMName')]
    param(
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0)] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [PSTypeName('Microsoft.HyperV.PowerShell.VirtualMachine')]
        [psobject[]] $VM,
        [string] $AdapterId
    )
    process {
        $parameters = (Get-GpuPvDoubleTarget -Bound $PSBoundParameters) + (Get-GpuPvDoubleValues -Bound $PSBoundParameters -Names 'AdapterId')
        $call = @{
            Cmdlet     = 'Get-VMGpuPartitionAdapter'
            Parameters = $parameters
            Caller     = $PSCmdlet
            Bound      = $PSBoundParameters
            TypeName   = 'Microsoft.HyperV.PowerShell.VMGpuPartitionAdapter'
        }
        Invoke-GpuPvDoubleCmdlet @call
    }
}

function Add-VMGpuPartitionAdapter {
    [CmdletBinding(DefaultParameterSetName = 'VMName', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0)] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [PSTypeName('Microsoft.HyperV.PowerShell.VirtualMachine')]
        [psobject[]] $VM,
        [switch] $Passthru
    )
    DynamicParam { New-GpuPvDoubleParameters -InstancePath:$script:HostGeneration.SupportsInstancePath }
    process {
        $parameters = (Get-GpuPvDoubleTarget -Bound $PSBoundParameters) + (Get-GpuPvDoubleValues -Bound $PSBoundParameters -Names (@('InstancePath') + $script:SizeNames))
        Invoke-GpuPvDoubleCmdlet -Cmdlet 'Add-VMGpuPartitionAdapter' -Parameters $parameters -Caller $PSCmdlet -Bound $PSBoundParameters
    }
}

function Set-VMGpuPartitionAdapter {
    [CmdletBinding(DefaultParameterSetName = 'VMName', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0)] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [PSTypeName('Microsoft.HyperV.PowerShell.VirtualMachine')]
        [psobject[]] $VM,
        [string] $AdapterId,
        [switch] $Passthru
    )
    DynamicParam { New-GpuPvDoubleParameters }
    process {
        $parameters = (Get-GpuPvDoubleTarget -Bound $PSBoundParameters) + (Get-GpuPvDoubleValues -Bound $PSBoundParameters -Names (@('AdapterId') + $script:SizeNames))
        Invoke-GpuPvDoubleCmdlet -Cmdlet 'Set-VMGpuPartitionAdapter' -Parameters $parameters -Caller $PSCmdlet -Bound $PSBoundParameters
    }
}

function Remove-VMGpuPartitionAdapter {
    [CmdletBinding(DefaultParameterSetName = 'VMName', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0)] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [PSTypeName('Microsoft.HyperV.PowerShell.VirtualMachine')]
        [psobject[]] $VM,
        [string] $AdapterId,
        [switch] $Passthru
    )
    process {
        $parameters = (Get-GpuPvDoubleTarget -Bound $PSBoundParameters) + (Get-GpuPvDoubleValues -Bound $PSBoundParameters -Names 'AdapterId')
        Invoke-GpuPvDoubleCmdlet -Cmdlet 'Remove-VMGpuPartitionAdapter' -Parameters $parameters -Caller $PSCmdlet -Bound $PSBoundParameters
    }
}

function Get-VMHostPartitionableGpu {
    [CmdletBinding()]
    param([string[]] $Name)
    $call = @{
        Cmdlet   = 'Get-VMHostPartitionableGpu'
        Caller   = $PSCmdlet
        Bound    = $PSBoundParameters
        TypeName = 'Microsoft.HyperV.PowerShell.VMHostPartitionableGpu'
    }
    Invoke-GpuPvDoubleCmdlet @call
}

function Get-VMPartitionableGpu {
    [CmdletBinding()]
    param([string[]] $Name)
    $call = @{
        Cmdlet   = 'Get-VMPartitionableGpu'
        Caller   = $PSCmdlet
        Bound    = $PSBoundParameters
        TypeName = 'Microsoft.HyperV.PowerShell.VMPartitionableGpu'
    }
    Invoke-GpuPvDoubleCmdlet @call
}

function Set-VMHostPartitionableGpu {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)] [string[]] $Name, [UInt16] $PartitionCount, [switch] $Passthru)
    $parameters = Get-GpuPvDoubleValues -Bound $PSBoundParameters -Names 'PartitionCount'
    $parameters['Name'] = $Name[0]
    Invoke-GpuPvDoubleCmdlet -Cmdlet 'Set-VMHostPartitionableGpu' -Parameters $parameters -Caller $PSCmdlet -Bound $PSBoundParameters
}

function Set-VMPartitionableGpu {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)] [string[]] $Name, [UInt16] $PartitionCount, [switch] $Passthru)
    $parameters = Get-GpuPvDoubleValues -Bound $PSBoundParameters -Names 'PartitionCount'
    $parameters['Name'] = $Name[0]
    Invoke-GpuPvDoubleCmdlet -Cmdlet 'Set-VMPartitionableGpu' -Parameters $parameters -Caller $PSCmdlet -Bound $PSBoundParameters
}

function Set-VM {
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 0)] [Alias('VMName')] [string[]] $Name,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [PSTypeName('Microsoft.HyperV.PowerShell.VirtualMachine')]
        [psobject[]] $VM,
        [bool] $GuestControlledCacheTypes,
        [UInt32] $LowMemoryMappedIoSpace,
        [UInt64] $HighMemoryMappedIoSpace,
        [Microsoft.HyperV.PowerShell.CheckpointType] $CheckpointType,
        [Microsoft.HyperV.PowerShell.StopAction] $AutomaticStopAction,
        [Microsoft.HyperV.PowerShell.StartAction] $AutomaticStartAction,
        [switch] $Passthru
    )
    process {
        $names = @('GuestControlledCacheTypes', 'LowMemoryMappedIoSpace', 'HighMemoryMappedIoSpace', 'CheckpointType', 'AutomaticStopAction', 'AutomaticStartAction')
        $parameters = (Get-GpuPvDoubleTarget -Bound $PSBoundParameters) + (Get-GpuPvDoubleValues -Bound $PSBoundParameters -Names $names)
        Invoke-GpuPvDoubleCmdlet -Cmdlet 'Set-VM' -Parameters $parameters -Caller $PSCmdlet -Bound $PSBoundParameters
    }
}

function Set-VMMemory {
    [CmdletBinding(DefaultParameterSetName = 'VMName', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0)] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [PSTypeName('Microsoft.HyperV.PowerShell.VirtualMachine')]
        [psobject[]] $VM,
        [bool] $DynamicMemoryEnabled,
        [Int64] $StartupBytes,
        [switch] $Passthru
    )
    process {
        $parameters = (Get-GpuPvDoubleTarget -Bound $PSBoundParameters) + (Get-GpuPvDoubleValues -Bound $PSBoundParameters -Names 'DynamicMemoryEnabled')
        Invoke-GpuPvDoubleCmdlet -Cmdlet 'Set-VMMemory' -Parameters $parameters -Caller $PSCmdlet -Bound $PSBoundParameters
    }
}

function Start-VM {
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 0)] [Alias('VMName')] [string[]] $Name,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [PSTypeName('Microsoft.HyperV.PowerShell.VirtualMachine')]
        [psobject[]] $VM,
        [switch] $Passthru
    )
    process {
        Invoke-GpuPvDoubleCmdlet -Cmdlet 'Start-VM' -Parameters (Get-GpuPvDoubleTarget -Bound $PSBoundParameters) -Caller $PSCmdlet -Bound $PSBoundParameters
    }
}

function Stop-VM {
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 0)] [Alias('VMName')] [string[]] $Name,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [PSTypeName('Microsoft.HyperV.PowerShell.VirtualMachine')]
        [psobject[]] $VM,
        [switch] $Save,
        [switch] $TurnOff,
        [switch] $Force,
        [switch] $Passthru
    )
    process {
        $parameters = (Get-GpuPvDoubleTarget -Bound $PSBoundParameters) + (Get-GpuPvDoubleValues -Bound $PSBoundParameters -Names 'TurnOff', 'Save')
        Invoke-GpuPvDoubleCmdlet -Cmdlet 'Stop-VM' -Parameters $parameters -Caller $PSCmdlet -Bound $PSBoundParameters
    }
}

function Remove-VMSavedState {
    [CmdletBinding(DefaultParameterSetName = 'VMName', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0)] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [PSTypeName('Microsoft.HyperV.PowerShell.VirtualMachine')]
        [psobject[]] $VM
    )
    process {
        $call = @{
            Cmdlet     = 'Remove-VMSavedState'
            Parameters = (Get-GpuPvDoubleTarget -Bound $PSBoundParameters)
            Caller     = $PSCmdlet
            Bound      = $PSBoundParameters
        }
        Invoke-GpuPvDoubleCmdlet @call
    }
}

function Get-VMHardDiskDrive {
    [CmdletBinding(DefaultParameterSetName = 'VMName')]
    param(
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0)] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [PSTypeName('Microsoft.HyperV.PowerShell.VirtualMachine')]
        [psobject[]] $VM
    )
    process {
        $call = @{
            Cmdlet     = 'Get-VMHardDiskDrive'
            Parameters = (Get-GpuPvDoubleTarget -Bound $PSBoundParameters)
            Caller     = $PSCmdlet
            Bound      = $PSBoundParameters
            TypeName   = 'Microsoft.HyperV.PowerShell.HardDiskDrive'
        }
        Invoke-GpuPvDoubleCmdlet @call
    }
}

# The disk cmdlets take the disk file's path as Windows names it (the VM's configuration holds it),
# never resolved against this machine's file system.
function Get-VHD {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param([Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)] [Alias('FullName')] [string[]] $Path)
    process {
        foreach ($item in $Path) {
            $call = @{
                Cmdlet     = 'Get-VHD'
                Parameters = @{ Path = $item }
                Caller     = $PSCmdlet
                Bound      = $PSBoundParameters
                TypeName   = 'Microsoft.Vhd.PowerShell.VirtualHardDisk'
            }
            Invoke-GpuPvDoubleCmdlet @call
        }
    }
}

function Mount-VHD {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)] [Alias('FullName')] [string[]] $Path,
        [switch] $NoDriveLetter,
        [switch] $ReadOnly,
        [switch] $Passthru
    )
    process {
        foreach ($item in $Path) {
            $call = @{
                Cmdlet     = 'Mount-VHD'
                Parameters = @{ Path = $item; Passthru = $Passthru.IsPresent }
                Caller     = $PSCmdlet
                Bound      = $PSBoundParameters
                TypeName   = 'Microsoft.Vhd.PowerShell.VirtualHardDisk'
            }
            Invoke-GpuPvDoubleCmdlet @call
        }
    }
}

function Dismount-VHD {
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)] [Alias('FullName')] [string[]] $Path,
        [switch] $Passthru
    )
    process {
        foreach ($item in $Path) {
            Invoke-GpuPvDoubleCmdlet -Cmdlet 'Dismount-VHD' -Parameters @{ Path = $item } -Caller $PSCmdlet -Bound $PSBoundParameters
        }
    }
}

# Windows 10 (and Server before 2022) has only the older names of the host GPU cmdlets.
$exported = @('Get-VM', 'Get-VMGpuPartitionAdapter', 'Add-VMGpuPartitionAdapter', 'Set-VMGpuPartitionAdapter', 'Remove-VMGpuPartitionAdapter', 'Set-VM', 'Set-VMMemory', 'Start-VM', 'Stop-VM', 'Remove-VMSavedState',
    'Get-VMHardDiskDrive', 'Get-VHD', 'Mount-VHD', 'Dismount-VHD')
if ($script:HostGeneration.Windows10) {
    $exported += @('Get-VMPartitionableGpu', 'Set-VMPartitionableGpu')
}
else {
    $exported += @('Get-VMHostPartitionableGpu', 'Set-VMHostPartitionableGpu')
}
Export-ModuleMember -Function $exported
