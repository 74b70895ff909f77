function Lock-GpuPvVmDisks {
    # Claims the VM's disks for this shell until Unlock-GpuPvVmDisks: a file in the mount folder root,
    # held open without sharing. The system lets go of it when its holder exits, however that ends: a
    # mount a dead shell left can be adopted, while one a live shell holds (another VS Code window
    # syncing into the same VM) is neither adopted, remounted nor dismounted from here. True when this
    # shell holds the claim (now or already), false while another one does.
    param([string] $VMId)
    if ($script:GpuPvDiskLocks.ContainsKey($VMId)) {
        return $true
    }
    $root = New-GpuPvMountFolderRoot
    $path = Join-Path -Path $root -ChildPath ('{0}.lock' -f $VMId)
    # A few tries: on Windows a virus scanner may open a new file for a moment.
    for ($try = 1; $try -le 3; $try++) {
        try {
            $script:GpuPvDiskLocks[$VMId] = [IO.File]::Open($path, [IO.FileMode]::OpenOrCreate, [IO.FileAccess]::ReadWrite, [IO.FileShare]::None)
            return $true
        }
        catch [IO.DirectoryNotFoundException], [IO.PathTooLongException] {
            # The host's problem, not another holder: reported as such.
            throw
        }
        catch [IO.IOException] {
            [System.Threading.Thread]::Sleep(100)
        }
    }
    return $false
}
