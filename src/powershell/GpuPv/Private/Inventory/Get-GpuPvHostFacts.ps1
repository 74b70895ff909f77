function Get-GpuPvHostFacts {
    if ($null -eq $script:GpuPvHostFacts) {
        $script:GpuPvHostFacts = Read-GpuPvHostFacts
    }
    return $script:GpuPvHostFacts
}
