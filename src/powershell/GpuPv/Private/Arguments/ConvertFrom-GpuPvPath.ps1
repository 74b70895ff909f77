function ConvertFrom-GpuPvPath {
    # One path string matching $Pattern, without a . or .. segment.
    param(
        [string] $Name,
        $Value,
        [string] $Pattern
    )
    if (-not ($Value -is [string]) -or $Value.Length -gt 1024 -or -not ($Value -cmatch $Pattern) -or ($Value -match $script:GpuPvDotSegmentPattern)) {
        throw ('Argument {0} holds a path that is not allowed: {1}' -f $Name, $Value)
    }
    return $Value
}
