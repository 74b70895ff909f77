function ConvertFrom-GpuPvUInt64 {
    # A decimal digit string parsed exactly. A JSON number is refused: Windows PowerShell 5.1 reads
    # large ones as floating point, which rounds above 2^53.
    param(
        [string] $Name,
        $Value
    )
    if (-not ($Value -is [string]) -or -not ($Value -cmatch '\A[0-9]{1,20}\z')) {
        throw ('Argument {0} is not an unsigned integer written in decimal digits.' -f $Name)
    }
    try {
        return [UInt64]::Parse($Value, [Globalization.NumberStyles]::None, [Globalization.CultureInfo]::InvariantCulture)
    }
    catch {
        throw ('Argument {0} does not fit in UInt64.' -f $Name)
    }
}
