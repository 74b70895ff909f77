function Get-GpuPvMountFolderRoot {
    return (Join-Path -Path $env:ProgramData -ChildPath $script:GpuPvMountFolder)
}
