function Copy-GpuPvDriverFilesToGuest {
    # Copies host files to their guest paths and answers each one's length, SHA-256 and
    # LastWriteTimeUtc ticks (of the host file), and the bytes copied.
    param([hashtable] $Arguments)
    $state = Resolve-GpuPvGuestTarget -Target $Arguments['Target']
    if (Test-GpuPvFailure -Value $state) {
        return $state
    }
    $files = @($Arguments['Files'])
    $copied = @(foreach ($file in $files) { Get-GpuPvSourceFile -Source $file['Source'] -Destination $file['Destination'] })
    $bytes = [UInt64] 0
    foreach ($file in $copied) {
        $bytes += [UInt64]::Parse($file.Length, [Globalization.CultureInfo]::InvariantCulture)
    }
    if ($state.Mode -ceq 'Online') {
        Send-GpuPvArchive -State $state -Files $files
    }
    else {
        $null = Invoke-GpuPvGuestFiles -State $state -Action 'Copy' -Data $files
    }
    return [pscustomobject]@{ Files = $copied; Bytes = $bytes.ToString([Globalization.CultureInfo]::InvariantCulture) }
}
