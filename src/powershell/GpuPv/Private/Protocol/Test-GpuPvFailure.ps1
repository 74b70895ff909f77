function Test-GpuPvFailure {
    # A handler refuses by returning New-GpuPvFailure's envelope instead of a result; results are
    # never ordered dictionaries.
    param($Value)
    return ($Value -is [System.Collections.Specialized.OrderedDictionary]) -and $Value.Contains('ok') -and ($Value['ok'] -eq $false)
}
