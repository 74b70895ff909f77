function Get-GpuPvSourceFile {
    # What the answer says of one copied file, from its host source.
    param(
        [string] $Source,
        [string] $Destination
    )
    $culture = [Globalization.CultureInfo]::InvariantCulture
    $item = Get-Item -LiteralPath $Source -Force
    $length = $item.Length.ToString($culture)
    $ticks = $item.LastWriteTimeUtc.Ticks.ToString($culture)
    $key = '{0}|{1}|{2}' -f $item.FullName.ToLowerInvariant(), $length, $ticks
    $sha256 = $script:GpuPvHashCache[$key]
    if ($null -eq $sha256) {
        $sha256 = (Get-FileHash -LiteralPath $Source -Algorithm 'SHA256' -ErrorAction Stop).Hash.ToUpperInvariant()
        if ($script:GpuPvHashCache.Count -ge $script:GpuPvHashCacheLimit) {
            $script:GpuPvHashCache.Clear()
        }
        $script:GpuPvHashCache[$key] = $sha256
    }
    return [pscustomobject]@{
        Destination      = $Destination
        Length           = $length
        Sha256           = $sha256
        LastWriteTimeUtc = $ticks
    }
}
