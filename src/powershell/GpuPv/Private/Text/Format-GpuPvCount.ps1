function Format-GpuPvCount {
    # A count and its noun, singular for exactly one: '1 disk', '2 disks' (as plural() in TypeScript).
    param([long] $Count, [string] $One)
    if ($Count -eq 1) {
        return ('{0} {1}' -f $Count, $One)
    }
    return ('{0} {1}s' -f $Count, $One)
}
