function Read-GpuPvDriverSyncRecord {
    # The text of the VM's sync record, or $null (none, or unreadable: the VM then shows "not synced").
    param([string] $VMId)
    $path = Get-GpuPvDriverSyncRecordPath -VMId $VMId
    try {
        if ([IO.File]::Exists($path)) {
            return [IO.File]::ReadAllText($path)
        }
    }
    catch {
        $null = $_
    }
    return $null
}
