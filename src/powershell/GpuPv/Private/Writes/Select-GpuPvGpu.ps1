function Select-GpuPvGpu {
    # The GPU whose Name is the instance path (compared as Windows does, ignoring case; no wildcards).
    param(
        [object[]] $Gpus,
        [string] $InstancePath
    )
    foreach ($gpu in $Gpus) {
        if ([string] $gpu.Name -eq $InstancePath) {
            return $gpu
        }
    }
    return $null
}
