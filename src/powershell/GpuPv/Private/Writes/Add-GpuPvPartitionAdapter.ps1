function Add-GpuPvPartitionAdapter {
    # Add-VMGpuPartitionAdapter -VM $vm [-InstancePath <GPU Name>] [-<size> <UInt64> ...]
    param([hashtable] $Arguments)
    if ($Arguments.ContainsKey('InstancePath') -and -not (Get-GpuPvHostFacts).SupportsInstancePath) {
        # Windows 10's cmdlet has no -InstancePath (feature-detected as for the facts): answer what
        # its parameter binder would say, without calling it.
        return New-GpuPvFailure -Id 'no-instancepath-on-win10' -Message "A parameter cannot be found that matches parameter name 'InstancePath'." -Category 'InvalidArgument'
    }
    $sizes = [ordered]@{}
    if ($Arguments.ContainsKey('Sizes')) {
        $sizes = $Arguments['Sizes']
    }
    $vm = Get-VM -Id $Arguments['VMId']
    $parameters = @{ VM = $vm }
    if ($Arguments.ContainsKey('InstancePath')) {
        $parameters['InstancePath'] = $Arguments['InstancePath']
    }
    foreach ($name in $script:GpuPvPartitionSizeNames) {
        if ($sizes.Contains($name)) {
            $parameters[$name] = $sizes[$name]
        }
    }
    $null = Add-VMGpuPartitionAdapter @parameters
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}
