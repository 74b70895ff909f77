function Set-GpuPvVmSettings {
    # Set-VM -VM $vm [-GuestControlledCacheTypes ..] [-LowMemoryMappedIoSpace ..] [-HighMemoryMappedIoSpace ..]
    # [-CheckpointType ..] [-AutomaticStopAction ..], then Set-VMMemory -VM $vm -DynamicMemoryEnabled ..,
    # each only when it has something to change.
    param([hashtable] $Arguments)
    $settings = $Arguments['Settings']
    $vm = Get-VM -Id $Arguments['VMId']
    $parameters = @{ VM = $vm }
    foreach ($name in $script:GpuPvSetVmParameterNames) {
        if ($settings.Contains($name)) {
            $parameters[$name] = $settings[$name]
        }
    }
    if ($parameters.Count -gt 1) {
        $null = Set-VM @parameters
    }
    if ($settings.Contains('DynamicMemoryEnabled')) {
        $null = Set-VMMemory -VM $vm -DynamicMemoryEnabled $settings['DynamicMemoryEnabled']
    }
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}
