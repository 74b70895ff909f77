function ConvertFrom-GpuPvCopyFiles {
    # Files: [{ Source: host path, Destination: guest path }] (1-5000) -> hashtables.
    param($Value)
    $list = ConvertFrom-GpuPvList -Name 'Files' -Value $Value -Minimum 1 -Maximum 5000
    $files = New-Object -TypeName 'System.Collections.ArrayList'
    foreach ($item in $list) {
        Assert-GpuPvProperties -Name 'Files[]' -Value $item -Allowed @('Source', 'Destination') -Required @('Source', 'Destination')
        [void] $files.Add(@{
                Source      = (ConvertFrom-GpuPvPath -Name 'Files[].Source' -Value $item.Source -Pattern $script:GpuPvHostPathPattern)
                Destination = (ConvertFrom-GpuPvPath -Name 'Files[].Destination' -Value $item.Destination -Pattern $script:GpuPvGuestPathPattern)
            })
    }
    return , $files.ToArray()
}
