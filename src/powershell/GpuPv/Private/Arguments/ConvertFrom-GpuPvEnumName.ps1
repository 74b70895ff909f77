function ConvertFrom-GpuPvEnumName {
    # An enum value by its exact name; the cmdlet's binder turns the name into the enum.
    param(
        [string] $Name,
        $Value,
        [string[]] $Allowed
    )
    if (-not ($Value -is [string]) -or -not ($Allowed -ccontains $Value)) {
        throw ('Argument {0} must be one of: {1}' -f $Name, ($Allowed -join ', '))
    }
    return $Value
}
