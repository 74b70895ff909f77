function ConvertFrom-GpuPvPartitionSizes {
    # Sizes: { MinPartitionVRAM: "digits", ... } -> ordered name -> [UInt64], only the names given.
    param($Value)
    if (-not (Test-GpuPvJsonObject -Value $Value)) {
        throw 'Argument Sizes is not a JSON object.'
    }
    $sizes = [ordered]@{}
    foreach ($property in $Value.PSObject.Properties) {
        if (-not ($script:GpuPvPartitionSizeNames -ccontains $property.Name)) {
            throw ('Unexpected partition size: {0}' -f $property.Name)
        }
        $sizes[$property.Name] = ConvertFrom-GpuPvUInt64 -Name ('Sizes.' + $property.Name) -Value $property.Value
    }
    return $sizes
}
