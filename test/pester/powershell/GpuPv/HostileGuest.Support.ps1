# Dot-sourced by the hostile-guest tests after Import-GpuPvBuiltModule.ps1: the shared case table
# (test/fixtures/hostile-guest/cases.json, which the mocha suite against the simulated host runs too),
# a guest volume and a decoy on real folders, a digest that never follows a link, and the offline
# target at the Hyper-V boundary. Mount-GpuPvGuestVolume, Get-GpuPvOfflineMount and
# Dismount-GpuPvVmDisks are the module's only calls into Hyper-V and Storage on this path; a host
# double providing those cmdlets can drop Use-GpuPvTestOfflineVolume and run the same cases.
$gpuPvHostileCases = Get-Content -Raw -LiteralPath (Join-Path -Path $gpuPvRepoRoot -ChildPath 'test/fixtures/hostile-guest/cases.json') | ConvertFrom-Json
$gpuPvTestVmId = '11111111-1111-4111-8111-111111111111'

function ConvertTo-GpuPvTestDiskPath {
    # A guest path (backslashes, relative to the Windows folder) under a real folder.
    param([string] $Windows, [string] $GuestPath)
    if ([string]::IsNullOrEmpty($GuestPath)) {
        return $Windows
    }
    return [IO.Path]::Combine($Windows, $GuestPath.Replace('\', [IO.Path]::DirectorySeparatorChar))
}

function New-GpuPvTestGuest {
    # A guest's Windows volume as the first honest sync leaves it (one package, its manifest, a loose
    # file, a registry hive), and beside it a decoy standing in for the host's own System32.
    param([string] $Parent = $TestDrive)
    $root = Join-Path -Path $Parent -ChildPath ([Guid]::NewGuid().ToString('N'))
    $windows = Join-Path -Path $root -ChildPath 'vol/Windows'
    $decoy = Join-Path -Path $root -ChildPath 'decoy-host-System32'
    $package = $gpuPvHostileCases.example.packageName
    $files = @{
        "System32\HostDriverStore\FileRepository\$package\nvldumdx.dll" = 'the guest copy of the driver'
        'System32\HostDriverStore\gpupv-manifest.json'                  = '{"format":"gpupv-driver-manifest"}'
        'System32\nvapi64.dll'                                          = 'the guest loose file'
        'System32\config\SYSTEM'                                        = 'the guest registry hive'
    }
    foreach ($relative in $files.Keys) {
        $path = ConvertTo-GpuPvTestDiskPath -Windows $windows -GuestPath $relative
        $null = New-Item -ItemType Directory -Path ([IO.Path]::GetDirectoryName($path)) -Force
        [IO.File]::WriteAllText($path, $files[$relative])
    }
    foreach ($relative in @('config/SYSTEM', 'config/SAM', 'drivers/etc/hosts', 'nvldumdx.dll', 'nvapi64.dll', 'gpupv-manifest.json')) {
        $path = Join-Path -Path $decoy -ChildPath $relative
        $null = New-Item -ItemType Directory -Path ([IO.Path]::GetDirectoryName($path)) -Force
        [IO.File]::WriteAllText($path, "the host's own $relative")
    }
    return [pscustomobject]@{ Root = $root; Windows = $windows; Volume = (Split-Path -Path $windows -Parent); Decoy = $decoy }
}

function Set-GpuPvTestLink {
    # Replaces what is at $At (a folder, a file, or nothing) with a symbolic link to $Target.
    param([string] $At, [string] $Target)
    if (Test-Path -LiteralPath $At) {
        Remove-Item -LiteralPath $At -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path ([IO.Path]::GetDirectoryName($At)) -Force
    $null = New-Item -ItemType SymbolicLink -Path $At -Value $Target
}

function Get-GpuPvTestDigest {
    # Every entry under $Path: 'folder', 'link -> target' or the file's SHA-256; links are not followed.
    param([string] $Path)
    $digest = [ordered]@{}
    $pending = New-Object -TypeName 'System.Collections.Stack'
    $pending.Push($Path)
    while ($pending.Count -gt 0) {
        $folder = [string] $pending.Pop()
        foreach ($entry in ([IO.DirectoryInfo]::new($folder).GetFileSystemInfos() | Sort-Object -Property FullName)) {
            $relative = $entry.FullName.Substring($Path.Length)
            if ($null -ne $entry.LinkTarget) {
                $digest[$relative] = 'link -> ' + $entry.LinkTarget
            }
            elseif ($entry -is [IO.DirectoryInfo]) {
                $digest[$relative] = 'folder'
                $pending.Push($entry.FullName)
            }
            else {
                $digest[$relative] = (Get-FileHash -LiteralPath $entry.FullName -Algorithm SHA256).Hash
            }
        }
    }
    return ($digest.GetEnumerator() | ForEach-Object { '{0} {1}' -f $_.Key, $_.Value }) -join "`n"
}

function Use-GpuPvTestOfflineVolume {
    # The VM's Windows volume "mounted" at $Windows: what Mount-GpuPvGuestVolume and
    # Get-GpuPvOfflineMount answer after Mount-VHD and Add-PartitionAccessPath. Dismount-GpuPvVmDisks
    # only counts its calls (Should -Invoke).
    param([string] $Windows)
    $state = @{
        Mode            = 'Offline'
        Root            = $Windows
        DiskPath        = 'D:\VMs\Hostile\os.vhdx'
        DiskNumber      = 3
        PartitionNumber = 3
        AccessPath      = (Split-Path -Path $Windows -Parent)
        DisksSearched   = 1
    }
    Mock -ModuleName GpuPv Mount-GpuPvGuestVolume { $state }.GetNewClosure()
    Mock -ModuleName GpuPv Get-GpuPvOfflineMount { $state }.GetNewClosure()
    Mock -ModuleName GpuPv Dismount-GpuPvVmDisks { $true }
}

function Add-GpuPvTestCommandStub {
    # A Windows-only command (Hyper-V's, Set-Acl) as an empty function with the parameters the module
    # passes, in the module's scope, so that Mock -ModuleName GpuPv can replace it on this machine.
    param([string] $Name, [string[]] $Parameter)
    $body = [scriptblock]::Create('param(' + (($Parameter | ForEach-Object { '$' + $_ }) -join ', ') + ')')
    InModuleScope GpuPv -Parameters @{ Name = $Name; Body = $body } {
        $null = New-Item -Path ('function:script:{0}' -f $Name) -Value $Body -Force
    }
}

function Format-GpuPvTestLinkMessage {
    param([string] $At, [string] $Outcome = 'Nothing was written.')
    $display = 'Windows'
    if (-not [string]::IsNullOrEmpty($At)) {
        $display = 'Windows\' + $At
    }
    return $gpuPvHostileCases.linkMessage.Replace('{at}', $display).Replace('Nothing was written.', $Outcome)
}
