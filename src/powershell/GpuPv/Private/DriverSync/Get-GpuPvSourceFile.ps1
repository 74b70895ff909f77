function Get-GpuPvSourceFile {
    # What the answer says of one copied file, from its host source. Its SHA-256 comes from this
    # shell's cache; a file not hashed yet goes into $Unhashed (cache key -> path, once) and its answer
    # into $Waiting (with the key), for the hashing that runs during the copy.
    param(
        [string] $Source,
        [string] $Destination,
        [Collections.Specialized.OrderedDictionary] $Unhashed,
        [Collections.ArrayList] $Waiting
    )
    $culture = [Globalization.CultureInfo]::InvariantCulture
    $item = Get-Item -LiteralPath $Source -Force
    $length = $item.Length.ToString($culture)
    $ticks = $item.LastWriteTimeUtc.Ticks.ToString($culture)
    $key = '{0}|{1}|{2}' -f $item.FullName.ToLowerInvariant(), $length, $ticks
    $answer = [pscustomobject]@{
        Destination      = $Destination
        Length           = $length
        Sha256           = $script:GpuPvHashCache[$key]
        LastWriteTimeUtc = $ticks
    }
    if ($null -eq $answer.Sha256) {
        if (-not $Unhashed.Contains($key)) {
            $Unhashed[$key] = $item.FullName
        }
        [void] $Waiting.Add(@($answer, $key))
    }
    return $answer
}
