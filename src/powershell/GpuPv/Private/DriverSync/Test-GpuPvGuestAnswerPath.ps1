function Test-GpuPvGuestAnswerPath {
    # Whether a path a guest answered is one the sync could have asked about: '' (the Windows folder
    # itself) or a path relative to it, checked as the protocol checks the extension's own.
    param($Value)
    if (-not ($Value -is [string])) {
        return $false
    }
    if ($Value.Length -eq 0) {
        return $true
    }
    return $Value.Length -le 1024 -and ($Value -cmatch $script:GpuPvGuestPathPattern) -and -not ($Value -match $script:GpuPvDotSegmentPattern)
}
