function Get-GpuPvInventoryCmdlet {
    # Windows 11 / Server 2022+ name first; Windows 10 only has the older one.
    foreach ($name in @('Get-VMHostPartitionableGpu', 'Get-VMPartitionableGpu')) {
        if (Get-Command -Name $name -ErrorAction SilentlyContinue) {
            return $name
        }
    }
    return $null
}
