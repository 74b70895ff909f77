function Remove-GpuPvAccessPath {
    # Undoes Add-GpuPvAccessPath (before the disk is dismounted, or for a partition that is not Windows).
    param(
        $Partition,
        [string] $AccessPath
    )
    Remove-PartitionAccessPath -DiskNumber $Partition.DiskNumber -PartitionNumber $Partition.PartitionNumber -AccessPath $AccessPath -ErrorAction SilentlyContinue
    Remove-GpuPvMountFolder -Folder $AccessPath.TrimEnd('\')
}
