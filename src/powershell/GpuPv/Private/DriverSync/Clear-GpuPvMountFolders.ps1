function Clear-GpuPvMountFolders {
    # The mount folders of the VM, once its disks are dismounted (their access paths are gone with them).
    param([string] $VMId)
    $root = Get-GpuPvMountFolderRoot
    if (-not [IO.Directory]::Exists($root)) {
        return
    }
    foreach ($folder in [IO.Directory]::GetDirectories($root, ('{0}-*' -f $VMId.Substring(0, 8)))) {
        Remove-GpuPvMountFolder -Folder $folder
    }
}
