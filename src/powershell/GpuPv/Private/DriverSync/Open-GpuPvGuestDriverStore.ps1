function Open-GpuPvGuestDriverStore {
    # Opens the target (mounts the Windows volume, or the guest session) and reads the guest's store:
    # manifest and journal text, every entry under System32\HostDriverStore, the loose files' lengths.
    param([hashtable] $Arguments)
    $target = $Arguments['Target']
    $volume = $null
    if ($target['Mode'] -ceq 'Online') {
        $state = Get-GpuPvGuestSession -Target $target
    }
    else {
        $state = Mount-GpuPvGuestVolume -VMId $target['VMId']
    }
    if (Test-GpuPvFailure -Value $state) {
        return $state
    }
    if ($state.Mode -ceq 'Offline') {
        $volume = [pscustomobject]@{
            DiskPath        = $state.DiskPath
            PartitionNumber = $state.PartitionNumber
            DisksSearched   = $state.DisksSearched
        }
    }
    try {
        $store = Invoke-GpuPvGuestFiles -State $state -Action 'Read' -Data $Arguments['LooseFiles']
    }
    catch {
        # A disk left mounted keeps the VM from starting: undo the open before failing.
        if ($state.Mode -ceq 'Offline') {
            $null = Dismount-GpuPvVmDisks -VMId $target['VMId']
        }
        throw
    }
    return [pscustomobject]@{
        Mode       = $target['Mode']
        Volume     = $volume
        Manifest   = $store.Manifest
        Journal    = $store.Journal
        Entries    = @($store.Entries)
        LooseFiles = @($store.LooseFiles)
    }
}
