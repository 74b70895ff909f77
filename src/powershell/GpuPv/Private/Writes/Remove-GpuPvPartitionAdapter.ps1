function Remove-GpuPvPartitionAdapter {
    # Remove-VMGpuPartitionAdapter -VM $vm [-AdapterId <Id>] -Confirm:$false; without -AdapterId all.
    param([hashtable] $Arguments)
    $vm = Get-VM -Id $Arguments['VMId']
    if ($Arguments.ContainsKey('AdapterId')) {
        $null = Remove-VMGpuPartitionAdapter -VM $vm -AdapterId $Arguments['AdapterId'] -Confirm:$false
    }
    else {
        $null = Remove-VMGpuPartitionAdapter -VM $vm -Confirm:$false
    }
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}
