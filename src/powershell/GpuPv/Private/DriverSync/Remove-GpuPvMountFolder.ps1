function Remove-GpuPvMountFolder {
    # Deletes one mount folder, never recursively (a live mount point must never be descended into).
    param([string] $Folder)
    try {
        if ([IO.Directory]::Exists($Folder)) {
            [IO.Directory]::Delete($Folder, $false)
        }
    }
    catch {
        # Left behind: an empty folder under ProgramData\GpuPv\mnt, removed by the next Close.
        $null = $_
    }
}
