function Set-GpuPvPartitionAdapter {
    # Set-VMGpuPartitionAdapter -VM $vm [-AdapterId <Id>] [-<size> <UInt64> ...]; without -AdapterId
    # every adapter of the VM.
    param([hashtable] $Arguments)
    $sizes = $Arguments['Sizes']
    $vm = Get-VM -Id $Arguments['VMId']
    $parameters = @{ VM = $vm }
    if ($Arguments.ContainsKey('AdapterId')) {
        $parameters['AdapterId'] = $Arguments['AdapterId']
    }
    foreach ($name in $script:GpuPvPartitionSizeNames) {
        if ($sizes.Contains($name)) {
            $parameters[$name] = $sizes[$name]
        }
    }
    $null = Set-VMGpuPartitionAdapter @parameters
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}
