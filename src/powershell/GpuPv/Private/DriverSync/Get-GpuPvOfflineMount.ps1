function Get-GpuPvOfflineMount {
    # The mount an earlier Open-GuestDriverStore of this shell made for the VM, while it is still in
    # place; $null otherwise (and the stale entry is dropped).
    param([string] $VMId)
    $state = $script:GpuPvGuestTargets[$VMId]
    if ($null -eq $state -or $state.Mode -cne 'Offline') {
        return $null
    }
    $attached = $false
    try {
        $attached = [bool] (Get-VHD -Path $state.DiskPath).Attached
    }
    catch {
        $attached = $false
    }
    if (-not $attached -or -not (Test-Path -LiteralPath $state.Root -PathType Container)) {
        $script:GpuPvGuestTargets.Remove($VMId)
        return $null
    }
    return $state
}
