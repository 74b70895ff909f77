function ConvertFrom-GpuPvDriverSyncRecord {
    # Record: the record's JSON text, kept byte for byte (a round trip through ConvertTo-Json would
    # turn SyncedAt into a date and print it back in another format), or null (forget it).
    param($Value)
    if ($null -eq $Value) {
        return $null
    }
    if (-not ($Value -is [string]) -or $Value.Length -gt 65536) {
        throw 'Argument Record is not a JSON text of at most 65536 characters.'
    }
    $parsed = ConvertFrom-Json -InputObject $Value -ErrorAction Stop
    Assert-GpuPvProperties -Name 'Record' -Value $parsed -Allowed @('SyncedAt', 'Mode', 'Gpus') -Required @('SyncedAt', 'Mode', 'Gpus')
    return $Value
}
