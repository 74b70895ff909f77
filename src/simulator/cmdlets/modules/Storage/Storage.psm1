# A double of Windows' Storage module for the tests: the cmdlets GpuPv.psm1 calls on a mounted VM
# disk, with the real cmdlets' parameter names (test/support/cmdletSignatures.ts). On Windows these
# are CDXML cmdlets, i.e. script functions of their own module: they read $ErrorActionPreference
# from their module and the global scope, never from their caller. These are script functions of
# this module too, and write their errors as such, so a caller's preference does not reach them
# either: only -ErrorAction on the call makes an error terminating, as on Windows.
Import-Module -Name 'GpuPvDouble' -Verbose:$false

function Get-Disk {
    [CmdletBinding(DefaultParameterSetName = 'ByNumber')]
    param([Parameter(ParameterSetName = 'ByNumber', Position = 0, ValueFromPipelineByPropertyName = $true)] [Alias('DeviceId')] [UInt32[]] $Number)
    foreach ($item in $Number) {
        $call = @{
            Cmdlet         = 'Get-Disk'
            Parameters     = @{ Number = [int] $item }
            Caller         = $PSCmdlet
            TypeName       = 'Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Storage/MSFT_Disk'
            ScriptFunction = $true
        }
        Invoke-GpuPvDoubleCmdlet @call
    }
}

function Get-Partition {
    [CmdletBinding(DefaultParameterSetName = 'ByNumber')]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Position = 0, ValueFromPipelineByPropertyName = $true)] [UInt32[]] $DiskNumber,
        [Parameter(ParameterSetName = 'ByNumber', Position = 1, ValueFromPipelineByPropertyName = $true)] [Alias('Number')] [UInt32[]] $PartitionNumber
    )
    foreach ($disk in $DiskNumber) {
        $parameters = @{ DiskNumber = [int] $disk }
        if ($PSBoundParameters.ContainsKey('PartitionNumber')) { $parameters['PartitionNumber'] = [int] $PartitionNumber[0] }
        $call = @{
            Cmdlet         = 'Get-Partition'
            Parameters     = $parameters
            Caller         = $PSCmdlet
            TypeName       = 'Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Storage/MSFT_Partition'
            ScriptFunction = $true
        }
        Invoke-GpuPvDoubleCmdlet @call
    }
}

function Add-PartitionAccessPath {
    [CmdletBinding(DefaultParameterSetName = 'ByNumber')]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)] [UInt32] $DiskNumber,
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)] [UInt32] $PartitionNumber,
        [Parameter(Position = 2)] [string] $AccessPath,
        [switch] $PassThru
    )
    $parameters = @{ DiskNumber = [int] $DiskNumber; PartitionNumber = [int] $PartitionNumber; AccessPath = (ConvertTo-GpuPvDoubleFolder -Cmdlet $PSCmdlet -Path $AccessPath) }
    Invoke-GpuPvDoubleCmdlet -Cmdlet 'Add-PartitionAccessPath' -Parameters $parameters -Caller $PSCmdlet -ScriptFunction
}

function Remove-PartitionAccessPath {
    [CmdletBinding(DefaultParameterSetName = 'ByNumber', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)] [UInt32] $DiskNumber,
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)] [UInt32] $PartitionNumber,
        [Parameter(Position = 2)] [string] $AccessPath,
        [switch] $PassThru
    )
    $parameters = @{ DiskNumber = [int] $DiskNumber; PartitionNumber = [int] $PartitionNumber; AccessPath = (ConvertTo-GpuPvDoubleFolder -Cmdlet $PSCmdlet -Path $AccessPath) }
    Invoke-GpuPvDoubleCmdlet -Cmdlet 'Remove-PartitionAccessPath' -Parameters $parameters -Caller $PSCmdlet -ScriptFunction
}

Export-ModuleMember -Function 'Get-Disk', 'Get-Partition', 'Add-PartitionAccessPath', 'Remove-PartitionAccessPath'
