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
    # Not @(...): the function returns its list as one object (, $array), which @() would wrap again.
    $holders = Get-GpuPvPartitionHolder -Gpu $gpu -DefaultGpu $gpus[0]
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
