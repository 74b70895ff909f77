function Mount-GpuPvGuestVolume {
    # Offline: finds and mounts the VM's Windows volume. The VM's disks, in order: each is mounted
    # without a drive letter (after dismounting it when an earlier run left it attached); each
    # partition large enough gets an access path and is looked at for Windows\System32\config\SYSTEM.
    # The first hit is kept mounted; every other disk is dismounted, and all of them on any failure.
    param([string] $VMId)
    $vm = Get-VM -Id $VMId
    if ([string] $vm.State -ne 'Off') {
        $message = "The VM '{0}' is {1}: an offline driver sync mounts its disk on the host, which needs the VM turned off. Shut it down, or sync online." -f $vm.Name, $vm.State
        return New-GpuPvFailure -Id 'vm-must-be-off' -Message $message -Category 'InvalidOperation'
    }
    # Open again in the same sync (after undoing an interrupted commit): the volume is still mounted.
    $known = Get-GpuPvOfflineMount -VMId $VMId
    if ($null -ne $known) {
        return $known
    }
    # Before the disks left attached are dismounted below: they may be a live shell's, mid-sync.
    if (-not (Lock-GpuPvVmDisks -VMId $VMId)) {
        return New-GpuPvDisksClaimedFailure -VMId $VMId
    }

    $mounted = New-Object -TypeName 'System.Collections.ArrayList'
    $kept = $null
    # From here on the finally below lets go of the claim when nothing stays mounted, whatever throws.
    try {
        $paths = @(foreach ($drive in @(Get-VMHardDiskDrive -VM $vm)) {
                if (-not [string]::IsNullOrEmpty([string] $drive.Path)) {
                    [string] $drive.Path
                }
            })
        $disksSearched = 0
        $partitionsSearched = 0
        $offlineDisks = 0
        $locked = $null
        # Disks left attached by an earlier run that died before closing, then their mount folders.
        foreach ($path in $paths) {
            if ((Get-VHD -Path $path).Attached) {
                Dismount-VHD -Path $path
            }
        }
        Clear-GpuPvMountFolders -VMId $VMId
        foreach ($path in $paths) {
            $disksSearched++
            try {
                $vhd = Mount-VHD -Path $path -NoDriveLetter -Passthru
            }
            catch {
                if ($_.ToString() -match 'used by another process') {
                    $message = "The disk '{0}' of the VM '{1}' is in use by another process (another tool mounted it, or a backup holds it): free it, then sync again." -f $path, $vm.Name
                    return New-GpuPvFailure -Id 'vm-disk-in-use' -Message $message -Category 'ResourceBusy'
                }
                throw
            }
            [void] $mounted.Add($path)
            $diskNumber = $vhd.DiskNumber
            if ($null -eq $diskNumber) {
                $diskNumber = (Get-VHD -Path $path).DiskNumber
            }
            $disk = Get-Disk -Number $diskNumber -ErrorAction Stop
            if ($disk.IsOffline) {
                # Windows keeps a disk offline whose signature collides with another disk's.
                $offlineDisks++
                continue
            }
            # A blank data disk has no partition (Get-Partition then fails): nothing to look at.
            foreach ($partition in @(Get-Partition -DiskNumber $diskNumber -ErrorAction SilentlyContinue)) {
                if ([UInt64] $partition.Size -lt $script:GpuPvWindowsPartitionMinimum) {
                    continue
                }
                $partitionsSearched++
                $folder = New-GpuPvMountFolder -VMId $VMId -Partition $partition
                try {
                    $accessPath = Add-GpuPvAccessPath -Folder $folder -Partition $partition
                }
                catch {
                    # No volume Windows can mount (unformatted, foreign file system): not Windows.
                    continue
                }
                # The guest block works with .NET, which resolves no PowerShell path: the Windows
                # folder as the file system names it.
                $windows = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath((Join-Path -Path $accessPath -ChildPath 'Windows'))
                if (Test-Path -LiteralPath (Join-Path -Path $windows -ChildPath 'System32\config\SYSTEM') -PathType Leaf) {
                    $state = @{
                        Mode            = 'Offline'
                        Root            = $windows
                        DiskPath        = $path
                        DiskNumber      = $diskNumber
                        PartitionNumber = $partition.PartitionNumber
                        AccessPath      = $accessPath
                        DisksSearched   = $disksSearched
                    }
                    $script:GpuPvGuestTargets[$VMId] = $state
                    $kept = $path
                    return $state
                }
                if ($null -eq $locked -and (Test-GpuPvVolumeLocked -AccessPath $accessPath)) {
                    $locked = 'disk {0}, partition {1}' -f $path, $partition.PartitionNumber
                }
                Remove-GpuPvAccessPath -Partition $partition -AccessPath $accessPath
            }
        }
        if ($null -ne $locked) {
            $message = "The VM '{0}' has a BitLocker-locked volume ({1}) and no readable Windows volume: its disk cannot be written from the host. Sync online with the VM running, or turn BitLocker off in the guest." -f $vm.Name, $locked
            return New-GpuPvFailure -Id 'guest-volume-locked' -Message $message -Category 'PermissionDenied'
        }
        $offlineNote = ''
        if ($offlineDisks -gt 0) {
            $offlineNote = ' ({0} of them stayed offline: a disk signature collision with another disk)' -f $offlineDisks
        }
        $message = "No Windows volume was found on the VM '{0}': searched {1}{2} and {3} large enough to hold Windows, none with Windows\System32\config\SYSTEM." -f $vm.Name, (Format-GpuPvCount -Count $disksSearched -One 'disk'), $offlineNote, (Format-GpuPvCount -Count $partitionsSearched -One 'partition')
        return New-GpuPvFailure -Id 'guest-volume-not-found' -Message $message -Category 'ObjectNotFound'
    }
    finally {
        # Every disk this call mounted except the one kept: the others, or all of them after a failure.
        foreach ($path in $mounted) {
            if ($path -ne $kept) {
                Dismount-VHD -Path $path -ErrorAction SilentlyContinue
            }
        }
        if ($null -eq $kept) {
            try {
                Clear-GpuPvMountFolders -VMId $VMId
            }
            finally {
                Unlock-GpuPvVmDisks -VMId $VMId
            }
        }
    }
}
