function Find-GpuPvOfflineMount {
    # The mount a shell that died left in place, adopted by this shell: the VM's disk still attached,
    # its Windows volume still at one of the VM's mount folders. Found by asking Storage for the
    # partition's access paths, never by trusting a folder (a link there could point anywhere): so the
    # run's clean-up after a crash (the staging folder, an interrupted commit) still reaches the guest
    # before the disk is dismounted. $null when there is none.
    param([string] $VMId)
    $vm = Get-VM -Id $VMId
    if ([string] $vm.State -ne 'Off') {
        return $null
    }
    $prefix = Join-Path -Path (Get-GpuPvMountFolderRoot) -ChildPath ('{0}-' -f $VMId.Substring(0, 8))
    $disksSearched = 0
    foreach ($drive in @(Get-VMHardDiskDrive -VM $vm)) {
        $path = [string] $drive.Path
        if ([string]::IsNullOrEmpty($path)) {
            continue
        }
        $disksSearched++
        try {
            $vhd = Get-VHD -Path $path
        }
        catch {
            continue
        }
        if (-not $vhd.Attached) {
            continue
        }
        foreach ($partition in @(Get-Partition -DiskNumber $vhd.DiskNumber -ErrorAction SilentlyContinue)) {
            foreach ($accessPath in @($partition.AccessPaths)) {
                if (-not ([string] $accessPath).StartsWith($prefix, [StringComparison]::OrdinalIgnoreCase)) {
                    continue
                }
                $windows = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath((Join-Path -Path $accessPath -ChildPath 'Windows'))
                if (Test-Path -LiteralPath (Join-Path -Path $windows -ChildPath 'System32\config\SYSTEM') -PathType Leaf) {
                    $state = @{
                        Mode            = 'Offline'
                        Root            = $windows
                        DiskPath        = $path
                        DiskNumber      = $vhd.DiskNumber
                        PartitionNumber = $partition.PartitionNumber
                        AccessPath      = [string] $accessPath
                        DisksSearched   = $disksSearched
                    }
                    $script:GpuPvGuestTargets[$VMId] = $state
                    return $state
                }
            }
        }
    }
    return $null
}
