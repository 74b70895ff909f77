# The guest side of a sync, self-contained because it also runs in the guest (Invoke-Command
# -Session), where this module's functions do not exist. $Root is the guest's Windows folder as seen
# where the block runs (the mounted volume offline); $null means the guest's own $env:SystemRoot.
# Every guest path is joined to it with [IO.Path]::Combine and must stay under it.
# Actions: Temp (the guest's temp folder), Read (store listing, manifest, journal, loose files),
# Copy (offline: host files onto the volume), Expand (online: an archive in the guest), Discard
# (online: delete that archive), Steps (the file steps, stopping at the first failure).
# The build makes this file the script block $script:GpuPvGuestFiles; as a plain script it runs the
# same way: & .\GpuPvGuestFiles.ps1 -Root <folder> -Action Read -Data @().
param($Root, [string] $Action, $Data)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
if ([string]::IsNullOrEmpty($Root)) {
    $Root = $env:SystemRoot
}
$rootFull = [IO.Path]::GetFullPath($Root).TrimEnd('\')
$culture = [Globalization.CultureInfo]::InvariantCulture

function Resolve-GpuPvGuestPath {
    param([string] $Relative)
    if ([string]::IsNullOrEmpty($Relative) -or [IO.Path]::IsPathRooted($Relative)) {
        throw ("Not a path inside the guest's Windows folder: '{0}'" -f $Relative)
    }
    $full = [IO.Path]::GetFullPath([IO.Path]::Combine($rootFull, $Relative))
    if (-not $full.StartsWith($rootFull + '\', [StringComparison]::OrdinalIgnoreCase)) {
        throw ("The path '{0}' leaves the guest's Windows folder." -f $Relative)
    }
    return $full
}

function New-GpuPvParentFolder {
    param([string] $Path)
    $null = [IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($Path))
}

function Test-GpuPvExists {
    param([string] $Path)
    return [IO.File]::Exists($Path) -or [IO.Directory]::Exists($Path)
}

function Read-GpuPvText {
    param([string] $Relative)
    $path = Resolve-GpuPvGuestPath -Relative $Relative
    if ([IO.File]::Exists($path)) {
        return [IO.File]::ReadAllText($path)
    }
    return $null
}

if ($Action -ceq 'Temp') {
    return [IO.Path]::GetTempPath()
}

if ($Action -ceq 'Read') {
    $storeRelative = 'System32\HostDriverStore'
    $store = Resolve-GpuPvGuestPath -Relative $storeRelative
    $entries = New-Object -TypeName 'System.Collections.ArrayList'
    if ([IO.Directory]::Exists($store)) {
        foreach ($item in (Get-ChildItem -LiteralPath $store -Recurse -Force)) {
            $length = $null
            if (-not $item.PSIsContainer) {
                $length = $item.Length.ToString($culture)
            }
            [void] $entries.Add([pscustomobject]@{
                    Path      = $storeRelative + '\' + $item.FullName.Substring($store.Length + 1)
                    Directory = [bool] $item.PSIsContainer
                    Length    = $length
                })
        }
    }
    $loose = New-Object -TypeName 'System.Collections.ArrayList'
    foreach ($relative in $Data) {
        $path = Resolve-GpuPvGuestPath -Relative $relative
        $length = $null
        if ([IO.File]::Exists($path)) {
            $length = (New-Object -TypeName 'System.IO.FileInfo' -ArgumentList $path).Length.ToString($culture)
        }
        [void] $loose.Add([pscustomobject]@{ Path = [string] $relative; Length = $length })
    }
    return [pscustomobject]@{
        Manifest   = (Read-GpuPvText -Relative 'System32\HostDriverStore\gpupv-manifest.json')
        Journal    = (Read-GpuPvText -Relative 'System32\HostDriverStore\.gpupv-sync\journal.json')
        Entries    = $entries.ToArray()
        LooseFiles = $loose.ToArray()
    }
}

if ($Action -ceq 'Copy') {
    foreach ($file in $Data) {
        $destination = Resolve-GpuPvGuestPath -Relative $file['Destination']
        New-GpuPvParentFolder -Path $destination
        [IO.File]::Copy([string] $file['Source'], $destination, $true)
    }
    return $null
}

if ($Action -ceq 'Expand') {
    # .NET Framework's ExtractToDirectory does not overwrite: entry by entry, with overwrite.
    Add-Type -AssemblyName 'System.IO.Compression', 'System.IO.Compression.FileSystem'
    $archive = [string] $Data
    try {
        $zip = [IO.Compression.ZipFile]::OpenRead($archive)
        try {
            foreach ($entry in $zip.Entries) {
                $destination = Resolve-GpuPvGuestPath -Relative $entry.FullName.Replace('/', '\')
                New-GpuPvParentFolder -Path $destination
                [IO.Compression.ZipFileExtensions]::ExtractToFile($entry, $destination, $true)
            }
        }
        finally {
            $zip.Dispose()
        }
    }
    finally {
        if ([IO.File]::Exists($archive)) {
            [IO.File]::Delete($archive)
        }
    }
    return $null
}

if ($Action -ceq 'Discard') {
    if ([IO.File]::Exists([string] $Data)) {
        [IO.File]::Delete([string] $Data)
    }
    return $null
}

if ($Action -ceq 'Steps') {
    # In order; the first failure stops and is answered (not thrown: it must cross the session).
    $done = 0
    foreach ($step in $Data) {
        $op = [string] $step['Op']
        $subject = [string] $step['Path']
        if ($op -ceq 'Move' -or $op -ceq 'Link') {
            $subject = [string] $step['To']
        }
        try {
            if ($op -ceq 'Move') {
                $from = Resolve-GpuPvGuestPath -Relative $step['From']
                $to = Resolve-GpuPvGuestPath -Relative $step['To']
                if (Test-GpuPvExists -Path $to) {
                    throw 'The target exists already.'
                }
                New-GpuPvParentFolder -Path $to
                if ([IO.Directory]::Exists($from)) {
                    [IO.Directory]::Move($from, $to)
                }
                elseif ([IO.File]::Exists($from)) {
                    [IO.File]::Move($from, $to)
                }
                else {
                    throw ("Nothing to move: '{0}' does not exist." -f $step['From'])
                }
            }
            elseif ($op -ceq 'Remove') {
                $path = Resolve-GpuPvGuestPath -Relative $step['Path']
                if (Test-GpuPvExists -Path $path) {
                    Remove-Item -LiteralPath $path -Recurse -Force
                }
            }
            elseif ($op -ceq 'Link') {
                $from = Resolve-GpuPvGuestPath -Relative $step['From']
                $to = Resolve-GpuPvGuestPath -Relative $step['To']
                if (-not [IO.File]::Exists($from)) {
                    throw ("Nothing to link: '{0}' does not exist." -f $step['From'])
                }
                New-GpuPvParentFolder -Path $to
                if ([IO.File]::Exists($to)) {
                    [IO.File]::Delete($to)
                }
                try {
                    $null = New-Item -ItemType 'HardLink' -Path $to -Value $from -ErrorAction Stop
                }
                catch {
                    # A volume or a path that refuses hard links: a copy does the same job.
                    [IO.File]::Copy($from, $to, $true)
                }
            }
            elseif ($op -ceq 'Write') {
                # The content is UTF-8 already (no BOM): its bytes are written as they are, to a
                # temporary file that then replaces the target.
                $path = Resolve-GpuPvGuestPath -Relative $step['Path']
                New-GpuPvParentFolder -Path $path
                $temporary = $path + '.tmp'
                [IO.File]::WriteAllBytes($temporary, [Convert]::FromBase64String([string] $step['ContentBase64']))
                if ([IO.File]::Exists($path)) {
                    [IO.File]::Replace($temporary, $path, [NullString]::Value)
                }
                else {
                    [IO.File]::Move($temporary, $path)
                }
            }
            else {
                throw ('Unknown step: {0}' -f $op)
            }
        }
        catch {
            return [pscustomobject]@{ Done = $done; Op = $op; Path = $subject; Failure = $_.Exception.Message }
        }
        $done++
    }
    return [pscustomobject]@{ Done = $done; Op = $null; Path = $null; Failure = $null }
}

throw ('Unknown guest action: {0}' -f $Action)
