function ConvertFrom-GpuPvList {
    # A JSON array of at most $Maximum elements (at least $Minimum), as an array. Throws otherwise.
    param(
        [string] $Name,
        $Value,
        [int] $Minimum,
        [int] $Maximum
    )
    if (-not ($Value -is [array])) {
        throw ('Argument {0} is not a JSON array.' -f $Name)
    }
    if ($Value.Count -lt $Minimum -or $Value.Count -gt $Maximum) {
        throw ('Argument {0} must hold {1} to {2} elements.' -f $Name, $Minimum, $Maximum)
    }
    return , $Value
}
