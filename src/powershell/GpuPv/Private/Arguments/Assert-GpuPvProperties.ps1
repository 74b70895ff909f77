function Assert-GpuPvProperties {
    # A JSON object whose property names are all among $Allowed and that has each of $Required.
    param(
        [string] $Name,
        $Value,
        [string[]] $Allowed,
        [string[]] $Required
    )
    if (-not (Test-GpuPvJsonObject -Value $Value)) {
        throw ('Argument {0} is not a JSON object.' -f $Name)
    }
    $names = @(foreach ($property in $Value.PSObject.Properties) { $property.Name })
    foreach ($propertyName in $names) {
        if (-not ($Allowed -ccontains $propertyName)) {
            throw ('Argument {0} has an unexpected property: {1}' -f $Name, $propertyName)
        }
    }
    foreach ($propertyName in $Required) {
        if (-not ($names -ccontains $propertyName)) {
            throw ('Argument {0} has no {1}.' -f $Name, $propertyName)
        }
    }
}
