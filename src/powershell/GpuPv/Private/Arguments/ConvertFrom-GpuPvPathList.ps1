function ConvertFrom-GpuPvPathList {
    param(
        [string] $Name,
        $Value,
        [string] $Pattern,
        [int] $Maximum
    )
    $list = ConvertFrom-GpuPvList -Name $Name -Value $Value -Minimum 0 -Maximum $Maximum
    $paths = New-Object -TypeName 'System.Collections.Generic.List[string]'
    foreach ($item in $list) {
        $paths.Add((ConvertFrom-GpuPvPath -Name $Name -Value $item -Pattern $Pattern))
    }
    return , $paths.ToArray()
}
