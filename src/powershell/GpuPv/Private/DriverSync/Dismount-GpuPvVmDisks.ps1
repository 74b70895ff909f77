function Dismount-GpuPvVmDisks {
    # Every disk of the VM attached on the host, found by its path, whoever mounted it (stateless:
    # works from a new shell after a crash), then the VM's mount folders. True when one was attached.
    param([string] $VMId)
    try {
        $state = $script:GpuPvGuestTargets[$VMId]
        if ($null -ne $state -and $state.Mode -ceq 'Offline') {
            Remove-PartitionAccessPath -DiskNumber $state.DiskNumber -PartitionNumber $state.PartitionNumber -AccessPath $state.AccessPath -ErrorAction SilentlyContinue
        }
        $script:GpuPvGuestTargets.Remove($VMId)
        $vm = Get-VM -Id $VMId
        # A running VM holds its own disks (attached, but not by us): nothing of ours to dismount.
        if ($vm.State -ne 'Off') {
            Clear-GpuPvMountFolders -VMId $VMId
            return $false
        }
        $dismounted = $false
        # One disk that will not dismount must not leave the others mounted: every disk is tried, then
        # the first failure is reported.
        $failure = $null
        foreach ($drive in @(Get-VMHardDiskDrive -VM $vm)) {
            $path = [string] $drive.Path
            if ([string]::IsNullOrEmpty($path)) {
                continue
            }
            $attached = $false
            try {
                $attached = [bool] (Get-VHD -Path $path).Attached
            }
            catch {
                # A disk file that cannot be read (moved, deleted) is not mounted either.
                $attached = $false
            }
            if ($attached) {
                try {
                    Dismount-VHD -Path $path
                    $dismounted = $true
                }
                catch {
                    if ($null -eq $failure) {
                        $failure = $_
                    }
                }
            }
        }
        Clear-GpuPvMountFolders -VMId $VMId
        if ($null -ne $failure) {
            throw $failure
        }
        return $dismounted
    }
    finally {
        # Nothing of the VM's is mounted by this shell any more (or what is left failed to dismount).
        Unlock-GpuPvVmDisks -VMId $VMId
    }
}
