function New-GpuPvMountFolder {
    # The empty folder a partition of the VM's disk is mounted at: <ProgramData>\GpuPv\mnt\<VMId
    # prefix>-<disk>-<partition>. It and the folder above it get an ACL that keeps non-administrators
    # of the host out before the volume appears there, and neither may be a link (a user could have
    # made one to move the mount elsewhere). A failure here is the host's, and is reported as such.
    param(
        [string] $VMId,
        $Partition
    )
    $root = New-GpuPvMountFolderRoot
    $folder = Join-Path -Path $root -ChildPath ('{0}-{1}-{2}' -f $VMId.Substring(0, 8), $Partition.DiskNumber, $Partition.PartitionNumber)
    $null = [IO.Directory]::CreateDirectory($folder)
    try {
        Assert-GpuPvNotLink -Path @($folder)
        Set-GpuPvAdminOnlyAcl -Folder $folder
    }
    catch {
        Remove-GpuPvMountFolder -Folder $folder
        throw
    }
    return $folder
}
