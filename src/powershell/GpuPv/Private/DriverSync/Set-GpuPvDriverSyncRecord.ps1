function Set-GpuPvDriverSyncRecord {
    # Keeps the record's JSON text (written to a temporary file that replaces the old one), or with
    # a null record deletes it.
    param([hashtable] $Arguments)
    $path = Get-GpuPvDriverSyncRecordPath -VMId $Arguments['VMId']
    $text = $Arguments['Record']
    if ($null -eq $text) {
        if ([IO.File]::Exists($path)) {
            [IO.File]::Delete($path)
        }
        return $null
    }
    $null = [IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($path))
    $temporary = $path + '.tmp'
    [IO.File]::WriteAllText($temporary, [string] $text, (New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $false))
    if ([IO.File]::Exists($path)) {
        [IO.File]::Replace($temporary, $path, [NullString]::Value)
    }
    else {
        [IO.File]::Move($temporary, $path)
    }
    return $null
}
