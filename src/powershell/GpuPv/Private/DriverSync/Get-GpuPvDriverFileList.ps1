function Get-GpuPvDriverFileList {
    # Every file of each package folder (any depth; hidden and system files too) and each loose file,
    # with its length and LastWriteTimeUtc ticks as decimal strings (ticks are above 2^53). A folder
    # or file that is not there answers no files / null.
    param([hashtable] $Arguments)
    $culture = [Globalization.CultureInfo]::InvariantCulture
    $folders = @(foreach ($folder in $Arguments['Folders']) {
            $files = @()
            if (Test-Path -LiteralPath $folder -PathType Container) {
                # Relative to the folder as the file system names it (what FullName starts with),
                # '\'-separated whatever the platform's separator.
                $prefix = (Get-Item -LiteralPath $folder -Force).FullName.TrimEnd('\', '/').Length + 1
                $files = @(foreach ($file in (Get-ChildItem -LiteralPath $folder -Recurse -File -Force)) {
                        [pscustomobject]@{
                            RelativePath     = $file.FullName.Substring($prefix).Replace([IO.Path]::DirectorySeparatorChar, '\')
                            Length           = $file.Length.ToString($culture)
                            LastWriteTimeUtc = $file.LastWriteTimeUtc.Ticks.ToString($culture)
                        }
                    })
            }
            [pscustomobject]@{ Path = $folder; Files = $files }
        })
    $looseFiles = @(foreach ($path in $Arguments['Files']) {
            $length = $null
            $ticks = $null
            if (Test-Path -LiteralPath $path -PathType Leaf) {
                $item = Get-Item -LiteralPath $path -Force
                $length = $item.Length.ToString($culture)
                $ticks = $item.LastWriteTimeUtc.Ticks.ToString($culture)
            }
            [pscustomobject]@{ Path = $path; Length = $length; LastWriteTimeUtc = $ticks }
        })
    return [pscustomobject]@{ Folders = $folders; Files = $looseFiles }
}
