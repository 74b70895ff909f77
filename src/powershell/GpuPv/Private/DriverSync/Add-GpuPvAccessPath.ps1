function Add-GpuPvAccessPath {
    # A folder access path for a partition of a mounted disk, at a folder New-GpuPvMountFolder made on
    # the host's system volume. Not a drive letter: no Explorer window, no letter shortage, and a
    # letter assigned now would have no PSDrive in this runspace (Test-Path / Get-ChildItem would not
    # find it). Answers the path; the folder is removed again when the partition cannot be mounted.
    param(
        [string] $Folder,
        $Partition
    )
    try {
        Add-PartitionAccessPath -DiskNumber $Partition.DiskNumber -PartitionNumber $Partition.PartitionNumber -AccessPath ($Folder + '\') -ErrorAction Stop
    }
    catch {
        Remove-GpuPvMountFolder -Folder $Folder
        throw
    }
    return ($Folder + '\')
}
