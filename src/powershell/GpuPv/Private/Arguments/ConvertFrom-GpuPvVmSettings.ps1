function ConvertFrom-GpuPvVmSettings {
    # Settings: the Set-VM / Set-VMMemory values to change, each converted to its parameter's type.
    param($Value)
    if (-not (Test-GpuPvJsonObject -Value $Value)) {
        throw 'Argument Settings is not a JSON object.'
    }
    $settings = [ordered]@{}
    foreach ($property in $Value.PSObject.Properties) {
        $name = $property.Name
        $label = 'Settings.' + $name
        if ($name -ceq 'GuestControlledCacheTypes' -or $name -ceq 'DynamicMemoryEnabled') {
            $settings[$name] = ConvertFrom-GpuPvBoolean -Name $label -Value $property.Value
        }
        elseif ($name -ceq 'LowMemoryMappedIoSpace') {
            $settings[$name] = ConvertFrom-GpuPvUInt32 -Name $label -Value $property.Value
        }
        elseif ($name -ceq 'HighMemoryMappedIoSpace') {
            $settings[$name] = ConvertFrom-GpuPvUInt64 -Name $label -Value $property.Value
        }
        elseif ($name -ceq 'CheckpointType') {
            $settings[$name] = ConvertFrom-GpuPvEnumName -Name $label -Value $property.Value -Allowed $script:GpuPvCheckpointTypes
        }
        elseif ($name -ceq 'AutomaticStopAction') {
            $settings[$name] = ConvertFrom-GpuPvEnumName -Name $label -Value $property.Value -Allowed $script:GpuPvStopActions
        }
        else {
            throw ('Unexpected setting: {0}' -f $name)
        }
    }
    if ($settings.Count -eq 0) {
        throw 'Argument Settings has no setting to change.'
    }
    return $settings
}
