function Test-GpuPvJsonObject {
    param($Value)
    return ($null -ne $Value) -and ($Value.GetType().FullName -eq 'System.Management.Automation.PSCustomObject')
}
