function Get-GpuPvJsonValue {
    # A property of a decoded JSON object, or $null when the object has no such property: what
    # $Value.Name gives without strict mode, also under Set-StrictMode (the tests run the module so,
    # and it throws on a missing property). The value comes back as it is, a list included.
    param(
        $Value,
        [string] $Name
    )
    $property = $Value.PSObject.Properties[$Name]
    if ($null -eq $property) {
        return $null
    }
    return , $property.Value
}
