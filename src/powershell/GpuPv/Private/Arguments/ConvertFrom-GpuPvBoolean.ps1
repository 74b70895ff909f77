function ConvertFrom-GpuPvBoolean {
    param(
        [string] $Name,
        $Value
    )
    if (-not ($Value -is [bool])) {
        throw ('Argument {0} is not true or false.' -f $Name)
    }
    return $Value
}
