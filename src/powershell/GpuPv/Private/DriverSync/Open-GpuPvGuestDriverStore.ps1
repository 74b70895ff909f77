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
    $looseFiles = @($Arguments['LooseFiles'])
    try {
        $store = ConvertFrom-GpuPvGuestStore -Store (Invoke-GpuPvGuestFiles -State $state -Action 'Read' -Data $looseFiles) -LooseFiles $looseFiles
    }
    catch {
        # A disk left mounted keeps the VM from starting: undo the open before failing.
        if ($state.Mode -ceq 'Offline') {
            $null = Dismount-GpuPvVmDisks -VMId $target['VMId']
        }
        throw
    }
    if (Test-GpuPvFailure -Value $store) {
        # Refused (a link on the guest's volume, more than the sync reads): mounted no longer than needed.
        if ($state.Mode -ceq 'Offline') {
            $null = Dismount-GpuPvVmDisks -VMId $target['VMId']
        }
        return $store
    }
    return [pscustomobject]@{
        Mode       = $target['Mode']
        Volume     = $volume
        Manifest   = $store.Manifest
        Journal    = $store.Journal
        Oversized  = @($store.Oversized)
        Entries    = @($store.Entries)
        LooseFiles = @($store.LooseFiles)
    }
}
