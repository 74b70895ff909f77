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
