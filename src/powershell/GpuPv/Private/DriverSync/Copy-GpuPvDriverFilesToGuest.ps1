function Copy-GpuPvDriverFilesToGuest {
    # Copies host files to their guest paths and answers each one's length, SHA-256 and
    # LastWriteTimeUtc ticks (of the host file), and the bytes copied. The files this shell has not
    # hashed yet are hashed while they copy, not before.
    param([hashtable] $Arguments)
    $state = Resolve-GpuPvGuestTarget -Target $Arguments['Target']
    if (Test-GpuPvFailure -Value $state) {
        return $state
    }
    # .NET (the guest block's copy, the archive) resolves a path itself, without PowerShell's drives:
    # each source is handed on as the file system names it.
    $files = @($Arguments['Files'])
    foreach ($file in $files) {
        $file['Source'] = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($file['Source'])
    }
    $unhashed = New-Object -TypeName 'System.Collections.Specialized.OrderedDictionary'
    $waiting = New-Object -TypeName 'System.Collections.ArrayList'
    $copied = @(foreach ($file in $files) { Get-GpuPvSourceFile -Source $file['Source'] -Destination $file['Destination'] -Unhashed $unhashed -Waiting $waiting })
    $bytes = [UInt64] 0
    foreach ($file in $copied) {
        $bytes += [UInt64]::Parse($file.Length, [Globalization.CultureInfo]::InvariantCulture)
    }
    $hashing = $null
    if ($unhashed.Count -gt 0) {
        $hashing = Start-GpuPvSourceHashing -Path @($unhashed.Values)
    }
    try {
        if ($state.Mode -ceq 'Online') {
            $answer = Send-GpuPvArchive -State $state -Files $files
        }
        else {
            $answer = Invoke-GpuPvGuestFiles -State $state -Action 'Copy' -Data $files
        }
        if ($null -ne $hashing) {
            # Handed over before it completes: a completion that throws is not discarded a second time.
            $running = $hashing
            $hashing = $null
            $hashes = Complete-GpuPvSourceHashing -Hashing $running
            Set-GpuPvSourceHash -Keys @($unhashed.Keys) -Hashes $hashes -Waiting $waiting
        }
    }
    finally {
        if ($null -ne $hashing) {
            Complete-GpuPvSourceHashing -Hashing $hashing -Discard
        }
    }
    # Every destination's components were checked before a byte was written; a link refuses the copy.
    if ($null -ne $answer.Link) {
        if (-not (Test-GpuPvGuestAnswerPath -Value $answer.Link)) {
            return New-GpuPvGuestDataFailure -Problem 'a link at a path that is not one'
        }
        return New-GpuPvLinkFailure -Path $answer.Link -When 'step'
    }
    return [pscustomobject]@{ Files = $copied; Bytes = $bytes.ToString([Globalization.CultureInfo]::InvariantCulture) }
}
