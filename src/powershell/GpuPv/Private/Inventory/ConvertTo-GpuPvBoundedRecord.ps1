function ConvertTo-GpuPvBoundedRecord {
    # A record the guest answered, reduced to $Properties and bounded: numbers and booleans as they
    # are, lists to $Limits['ListItems'] items, anything else as text cut to $Limits['Text'] characters.
    # A guest administrator can name a device or a driver anything, of any length.
    param(
        $Record,
        [string[]] $Properties
    )
    $limits = $script:GpuPvGuestLimits
    $bounded = [ordered]@{}
    foreach ($name in $Properties) {
        $value = $null
        if ($null -ne $Record) {
            $property = $Record.PSObject.Properties[$name]
            if ($null -ne $property) {
                $value = $property.Value
            }
        }
        if ($value -is [ValueType] -or $null -eq $value) {
            $bounded[$name] = $value
        }
        elseif ($value -is [Collections.IEnumerable] -and -not ($value -is [string])) {
            $items = @($value)
            $bounded[$name] = @(for ($i = 0; $i -lt [Math]::Min($items.Count, $limits['ListItems']); $i++) {
                    Limit-GpuPvGuestText -Value $items[$i] -Maximum $limits['Text']
                })
        }
        else {
            $bounded[$name] = Limit-GpuPvGuestText -Value $value -Maximum $limits['Text']
        }
    }
    return [pscustomobject]$bounded
}
