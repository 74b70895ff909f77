# The module's real driver copy, timed in pwsh: the built GpuPv.psm1 imported, Copy-GpuPvDriverFilesToGuest
# called in the module's scope on local folders, once per batch as the sync calls it, offline (the
# guest's Windows folder stands for the mounted volume), until `sync` returns. A new pwsh per run: the host's hash cache starts empty, so
# every byte is hashed. Answers one line of JSON: the milliseconds and what each call answered.
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $BatchList,
    [Parameter(Mandatory)] [string] $Windows
)
$ErrorActionPreference = 'Stop'
Import-Module -Name $Module
$batches = @(foreach ($batch in (Get-Content -Raw -LiteralPath $BatchList | ConvertFrom-Json)) {
        , @(foreach ($file in $batch) { @{ Source = $file.Source; Destination = $file.Destination } })
    })
$result = & (Get-Module GpuPv) {
    param([object[]] $Batches, [string] $Windows)
    # The mount Open-GuestDriverStore records; Get-VHD (Hyper-V's, absent here) says the disk is attached.
    function Get-VHD {
        param([string] $Path)
        [pscustomobject]@{ Path = $Path; Attached = $true }
    }
    $vmId = [Guid]::NewGuid().ToString()
    $script:GpuPvGuestTargets[$vmId] = @{ Mode = 'Offline'; Root = $Windows; DiskPath = 'bench.vhdx' }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $answers = @(foreach ($batch in $Batches) {
            Copy-GpuPvDriverFilesToGuest -Arguments @{ Target = @{ Mode = 'Offline'; VMId = $vmId }; Files = $batch }
        })
    & sync
    $watch.Stop()
    [pscustomobject]@{ Ms = $watch.Elapsed.TotalMilliseconds; Answers = $answers }
} $batches $Windows
ConvertTo-Json -InputObject $result -Depth 6 -Compress
