function Set-GpuPvAdminOnlyAcl {
    # Gives a mount folder its own ACL ($script:GpuPvMountFolderSddl): SYSTEM and the host's
    # Administrators only, nothing inherited. DirectorySecurity and Set-Acl exist in Windows
    # PowerShell 5.1 and in PowerShell 7 on Windows.
    param([string] $Folder)
    $security = New-Object -TypeName 'System.Security.AccessControl.DirectorySecurity'
    $security.SetSecurityDescriptorSddlForm($script:GpuPvMountFolderSddl, [System.Security.AccessControl.AccessControlSections]::Access)
    Set-Acl -LiteralPath $Folder -AclObject $security
}
