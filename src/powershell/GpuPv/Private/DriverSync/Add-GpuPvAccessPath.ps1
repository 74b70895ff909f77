function Add-GpuPvAccessPath {
    # A folder access path for a partition of a mounted disk, on the host's system volume. Not a drive
    # letter: no Explorer window, no letter shortage, and a letter assigned now would have no PSDrive
    # in this runspace (Test-Path / Get-ChildItem would not find it). Answers the path.
    param(
        [string] $VMId,
        $Partition
    )
    $folder = Join-Path -Path (Get-GpuPvMountFolderRoot) -ChildPath ('{0}-{1}-{2}' -f $VMId.Substring(0, 8), $Partition.DiskNumber, $Partition.PartitionNumber)
    $null = [IO.Directory]::CreateDirectory($folder)
    try {
        Add-PartitionAccessPath -DiskNumber $Partition.DiskNumber -PartitionNumber $Partition.PartitionNumber -AccessPath ($folder + '\')
    }
    catch {
        Remove-GpuPvMountFolder -Folder $folder
        throw
    }
    return ($folder + '\')
}
