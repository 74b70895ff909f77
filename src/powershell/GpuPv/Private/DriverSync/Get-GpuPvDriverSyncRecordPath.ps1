function Get-GpuPvDriverSyncRecordPath {
    param([string] $VMId)
    return (Join-Path -Path $env:ProgramData -ChildPath ('GpuPv\driver-sync\{0}.json' -f $VMId))
}
