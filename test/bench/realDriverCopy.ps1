# The module's real driver copy, timed in pwsh: the built GpuPv.psm1 imported, Copy-GpuPvDriverFilesToGuest
# called in the module's scope on local folders, offline (the guest's Windows folder stands for the
# mounted volume), until `sync` returns. A new pwsh per run: the host's hash cache starts empty, so
# every byte is hashed. Answers one line of JSON: the milliseconds and what the function answered.
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $FileList,
    [Parameter(Mandatory)] [string] $Windows
)
$ErrorActionPreference = 'Stop'
Import-Module -Name $Module
$files = @(foreach ($file in (Get-Content -Raw -LiteralPath $FileList | ConvertFrom-Json)) { @{ Source = $file.Source; Destination = $file.Destination } })
$result = & (Get-Module GpuPv) {
    param([object[]] $Files, [string] $Windows)
    # The mount Open-GuestDriverStore records; Get-VHD (Hyper-V's, absent here) says the disk is attached.
    function Get-VHD {
        param([string] $Path)
        [pscustomobject]@{ Path = $Path; Attached = $true }
    }
    $vmId = [Guid]::NewGuid().ToString()
    $script:GpuPvGuestTargets[$vmId] = @{ Mode = 'Offline'; Root = $Windows; DiskPath = 'bench.vhdx' }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $answer = Copy-GpuPvDriverFilesToGuest -Arguments @{ Target = @{ Mode = 'Offline'; VMId = $vmId }; Files = $Files }
    & sync
    $watch.Stop()
    [pscustomobject]@{ Ms = $watch.Elapsed.TotalMilliseconds; Answer = $answer }
} $files $Windows
ConvertTo-Json -InputObject $result -Depth 6 -Compress
