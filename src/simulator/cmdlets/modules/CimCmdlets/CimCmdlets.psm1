# A double of Get-CimInstance for the WMI classes GpuPv.psm1 reads on the host, answered by the
# simulated host's cmdlet server (PowerShell on Linux has no CimCmdlets module).
Import-Module -Name 'GpuPvDouble' -Verbose:$false

function Get-CimInstance {
    [CmdletBinding(DefaultParameterSetName = 'ClassNameComputerSet')]
    param(
        [Parameter(ParameterSetName = 'ClassNameComputerSet', Mandatory = $true, Position = 0)] [string] $ClassName,
        [string] $Namespace,
        [Parameter(ParameterSetName = 'ClassNameComputerSet')] [string] $Filter,
        [Parameter(ParameterSetName = 'ClassNameComputerSet')] [string[]] $Property,
        [UInt32] $OperationTimeoutSec
    )
    $parameters = Get-GpuPvDoubleValues -Bound $PSBoundParameters -Names 'ClassName', 'Filter'
    $call = @{
        Cmdlet     = 'Get-CimInstance'
        Parameters = $parameters
        Caller     = $PSCmdlet
        Bound      = $PSBoundParameters
        TypeName   = ('Microsoft.Management.Infrastructure.CimInstance#root/cimv2/{0}' -f $ClassName)
    }
    Invoke-GpuPvDoubleCmdlet @call
}

Export-ModuleMember -Function 'Get-CimInstance'
