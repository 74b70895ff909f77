function Send-GpuPvArchive {
    # Online copy of a batch: ONE zip built on the host (entries named by their destination), ONE
    # Copy-Item -ToSession into the guest's temp folder, expanded there under the Windows folder. The
    # archive is deleted on both sides whatever happens. (Copy-Item -ToSession per file takes hours
    # for a driver.) Answers the guest block's answer: the link that refused the expansion, if any.
    param(
        [hashtable] $State,
        [object[]] $Files
    )
    Add-Type -AssemblyName 'System.IO.Compression', 'System.IO.Compression.FileSystem'
    $name = 'gpupv-{0}.zip' -f [Guid]::NewGuid().ToString('N')
    $archive = Join-Path -Path ([IO.Path]::GetTempPath()) -ChildPath $name
    $guestArchive = [IO.Path]::Combine($State.GuestTemp, $name)
    $expanded = $false
    try {
        $zip = [IO.Compression.ZipFile]::Open($archive, [IO.Compression.ZipArchiveMode]::Create)
        try {
            foreach ($file in $Files) {
                $entryName = ([string] $file['Destination']).Replace('\', '/')
                $null = [IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, [string] $file['Source'], $entryName, [IO.Compression.CompressionLevel]::Fastest)
            }
        }
        finally {
            $zip.Dispose()
        }
        Copy-Item -LiteralPath $archive -Destination $guestArchive -ToSession $State.Session
        $answer = Invoke-GpuPvGuestFiles -State $State -Action 'Expand' -Data $guestArchive
        $expanded = $true
    }
    finally {
        if ([IO.File]::Exists($archive)) {
            [IO.File]::Delete($archive)
        }
        if (-not $expanded) {
            try {
                $null = Invoke-GpuPvGuestFiles -State $State -Action 'Discard' -Data $guestArchive
            }
            catch {
                # The failure that got here matters more; Windows cleans its temp folder.
                $null = $_
            }
        }
    }
    return $answer
}
