function Close-GpuPvGuestDriverStore {
    # Offline: dismounts the VM's disks; online: closes the guest session. Safe to repeat.
    param([hashtable] $Arguments)
    $target = $Arguments['Target']
    $vmId = $target['VMId']
    if ($target['Mode'] -ceq 'Online') {
        $state = $script:GpuPvGuestTargets[$vmId]
        if ($null -ne $state -and $state.Mode -ceq 'Online') {
            Remove-PSSession -Session $state.Session -ErrorAction SilentlyContinue
            $script:GpuPvGuestTargets.Remove($vmId)
        }
        return [pscustomobject]@{ Dismounted = $false }
    }
    # A live shell's mount (another window's sync) is left to it; a dead shell's is dismounted.
    if (-not (Lock-GpuPvVmDisks -VMId $vmId)) {
        return New-GpuPvDisksClaimedFailure -VMId $vmId
    }
    return [pscustomobject]@{ Dismounted = (Dismount-GpuPvVmDisks -VMId $vmId) }
}
