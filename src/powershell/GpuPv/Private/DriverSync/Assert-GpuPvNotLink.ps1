function Assert-GpuPvNotLink {
    # Throws when one of the mount folders is a link (junction or symbolic link).
    param([string[]] $Path)
    foreach ($folder in $Path) {
        $attributes = [int] (New-Object -TypeName 'System.IO.FileInfo' -ArgumentList $folder).Attributes
        if (($attributes -band [int] [IO.FileAttributes]::ReparsePoint) -ne 0) {
            $message = "The mount folder '{0}' is a link (junction or symbolic link), which this extension never makes: " +
                'delete it as an administrator, then sync again.'
            throw ($message -f $folder)
        }
    }
}
