function Resolve-GpuPvGuestTarget {
    # Where the guest block runs for Copy and file steps: the volume Open-GuestDriverStore mounted
    # (offline), or the guest's session (online, opened here when needed). A failure otherwise.
    param([hashtable] $Target)
    if ($Target['Mode'] -ceq 'Online') {
        return Get-GpuPvGuestSession -Target $Target
    }
    $mount = Get-GpuPvOfflineMount -VMId $Target['VMId']
    if ($null -eq $mount) {
        # Opened by a shell that died since (the session starts a new one): its mount is still there.
        # Only once that shell is gone: a live one's mount is not this shell's to use.
        if (-not (Lock-GpuPvVmDisks -VMId $Target['VMId'])) {
            return New-GpuPvDisksClaimedFailure -VMId $Target['VMId']
        }
        try {
            $mount = Find-GpuPvOfflineMount -VMId $Target['VMId']
        }
        catch {
            Unlock-GpuPvVmDisks -VMId $Target['VMId']
            throw
        }
    }
    if ($null -eq $mount) {
        Unlock-GpuPvVmDisks -VMId $Target['VMId']
        $message = "The VM's disk is not mounted by this host session: open the guest's driver store (Open-GuestDriverStore) first."
        return New-GpuPvFailure -Id 'driver-sync-failed' -Message $message -Category 'InvalidOperation'
    }
    return $mount
}
