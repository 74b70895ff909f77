function Set-GpuPvSourceHash {
    # The hashes computed during a copy (in the order of $Keys), into the answers waiting for them
    # (Get-GpuPvSourceFile's $Waiting) and into this shell's cache; a full cache is dropped first.
    param(
        [string[]] $Keys,
        [string[]] $Hashes,
        [Collections.ArrayList] $Waiting
    )
    $byKey = New-Object -TypeName 'System.Collections.Hashtable'
    for ($i = 0; $i -lt $Keys.Count; $i++) {
        $byKey[$Keys[$i]] = $Hashes[$i]
        if ($script:GpuPvHashCache.Count -ge $script:GpuPvHashCacheLimit) {
            $script:GpuPvHashCache.Clear()
        }
        $script:GpuPvHashCache[$Keys[$i]] = $Hashes[$i]
    }
    foreach ($pair in $Waiting) {
        $pair[0].Sha256 = $byKey[$pair[1]]
    }
}
