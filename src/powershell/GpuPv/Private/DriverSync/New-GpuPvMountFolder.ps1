function New-GpuPvMountFolder {
    # The empty folder a partition of the VM's disk is mounted at: <ProgramData>\GpuPv\mnt\<VMId
    # prefix>-<disk>-<partition>. It and the folder above it get an ACL that keeps non-administrators
    # of the host out before the volume appears there, and neither may be a link (a user could have
    # made one to move the mount elsewhere). A failure here is the host's, and is reported as such.
    param(
        [string] $VMId,
        $Partition
    )
    $root = Get-GpuPvMountFolderRoot
    $folder = Join-Path -Path $root -ChildPath ('{0}-{1}-{2}' -f $VMId.Substring(0, 8), $Partition.DiskNumber, $Partition.PartitionNumber)
    $null = [IO.Directory]::CreateDirectory($folder)
    try {
        foreach ($path in @([IO.Path]::GetDirectoryName($root), $root, $folder)) {
            $attributes = [int] (New-Object -TypeName 'System.IO.FileInfo' -ArgumentList $path).Attributes
            if (($attributes -band [int] [IO.FileAttributes]::ReparsePoint) -ne 0) {
                throw ("The mount folder '{0}' is a link (junction or symbolic link), which this extension never makes: delete it as an administrator, then sync again." -f $path)
            }
        }
        Set-GpuPvAdminOnlyAcl -Folder $root
        Set-GpuPvAdminOnlyAcl -Folder $folder
    }
    catch {
        Remove-GpuPvMountFolder -Folder $folder
        throw
    }
    return $folder
}
