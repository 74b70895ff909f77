function Get-GpuPvVmInventory {
    param([string] $VMId)
    $vm = Get-VM -Id $VMId
    $adapters = Get-GpuPvAdapterTable -VM @($vm)
    return ConvertTo-GpuPvVm -VM $vm -Adapters (Get-GpuPvAdapterList -Table $adapters -VMId $vm.VMId)
}
