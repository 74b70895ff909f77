function Start-GpuPvVm {
    # Start-VM -VM $vm
    param([hashtable] $Arguments)
    $vm = Get-VM -Id $Arguments['VMId']
    $null = Start-VM -VM $vm
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}
