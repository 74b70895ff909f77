function Unlock-GpuPvVmDisks {
    # Lets go of the claim Lock-GpuPvVmDisks made, once this shell has nothing of the VM's mounted.
    # The file stays: removing it could let two shells each hold a file of that name.
    param([string] $VMId)
    $stream = $script:GpuPvDiskLocks[$VMId]
    if ($null -ne $stream) {
        $script:GpuPvDiskLocks.Remove($VMId)
        $stream.Dispose()
    }
}
