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
