function New-GpuPvMountFolderRoot {
    # <ProgramData>\GpuPv\mnt, made when missing, with an ACL that keeps non-administrators of the
    # host out. Neither it nor the folder above it may be a link (a user could have made one to move
    # the mounts, or the disks' lock files, elsewhere).
    $root = Get-GpuPvMountFolderRoot
    $null = [IO.Directory]::CreateDirectory($root)
    Assert-GpuPvNotLink -Path @([IO.Path]::GetDirectoryName($root), $root)
    Set-GpuPvAdminOnlyAcl -Folder $root
    return $root
}
