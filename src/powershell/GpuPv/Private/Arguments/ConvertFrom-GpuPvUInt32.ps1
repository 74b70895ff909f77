function ConvertFrom-GpuPvUInt32 {
    # As ConvertFrom-GpuPvUInt64, for a parameter that takes a UInt32 (Set-VM -LowMemoryMappedIoSpace).
    param(
        [string] $Name,
        $Value
    )
    if (-not ($Value -is [string]) -or -not ($Value -cmatch '\A[0-9]{1,10}\z')) {
        throw ('Argument {0} is not an unsigned integer written in decimal digits.' -f $Name)
    }
    try {
        return [UInt32]::Parse($Value, [Globalization.NumberStyles]::None, [Globalization.CultureInfo]::InvariantCulture)
    }
    catch {
        throw ('Argument {0} does not fit in UInt32 (below 4 GB).' -f $Name)
    }
}
