function ConvertTo-GpuPvEnumName {
    param($Value)
    if ($null -eq $Value) {
        return $null
    }
    return $Value.ToString()
}
