# The guest side of a sync, self-contained because it also runs in the guest (Invoke-Command
# -Session), where this module's functions do not exist. $Root is the guest's Windows folder as seen
# where the block runs (the mounted volume offline); $null means the guest's own $env:SystemRoot.
# Every guest path is joined to it segment by segment and must stay under it.
# Actions: Temp (the guest's temp folder), Read (store listing, manifest, journal, loose files),
# Copy (offline: host files onto the volume), Expand (online: an archive in the guest), Discard
# (online: delete that archive), Steps (the file steps, stopping at the first failure).
# The build makes this file the script block $script:GpuPvGuestFiles; as a plain script it runs the
# same way: & .\GpuPvGuestFiles.ps1 -Root <folder> -Action Read -Data @().
#
# The guest's administrator may be hostile. Offline, a junction or symbolic link on the mounted
# volume resolves on the host, so no link is ever followed (src/core/drivers/sync/guestPaths.ts
# says which components each action checks): before a path is touched, every component from the
# Windows folder down is checked with its own attributes (ReparsePoint, not followed) and a link
# refuses the action; folders are created one by one under checked ones; a removal removes a link
# as the link and walks a real folder, never Remove-Item -Recurse (Windows PowerShell 5.1 follows
# directory links). What is read is bounded (GUEST_LIMITS in src/core/normalize/guestLimits.ts).
param($Root, [string] $Action, $Data)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
if ([string]::IsNullOrEmpty($Root)) {
    $Root = $env:SystemRoot
}
$separator = [IO.Path]::DirectorySeparatorChar
$rootFull = [IO.Path]::GetFullPath($Root).TrimEnd($separator)
$culture = [Globalization.CultureInfo]::InvariantCulture
$storeRelative = 'System32\HostDriverStore'
$manifestRelative = 'System32\HostDriverStore\gpupv-manifest.json'
$journalRelative = 'System32\HostDriverStore\.gpupv-sync\journal.json'
$manifestBytes = 4194304
$journalBytes = 5242880
$storeEntries = 50000
$reparsePoint = [int] [IO.FileAttributes]::ReparsePoint
$directoryFlag = [int] [IO.FileAttributes]::Directory
$readOnlyFlag = [int] [IO.FileAttributes]::ReadOnly
# Components found not to be links during this call (keys without case, as Windows compares): the
# sync never makes a link, so they stay so.
$checked = @{}

function Resolve-GpuPvGuestPath {
    param([string] $Relative)
    if ([string]::IsNullOrEmpty($Relative)) {
        return $rootFull
    }
    if ([IO.Path]::IsPathRooted($Relative)) {
        throw ("Not a path inside the guest's Windows folder: '{0}'" -f $Relative)
    }
    $full = [IO.Path]::GetFullPath([IO.Path]::Combine($rootFull, $Relative.Replace('\', $separator)))
    if (-not $full.StartsWith($rootFull + $separator, [StringComparison]::OrdinalIgnoreCase)) {
        throw ("The path '{0}' leaves the guest's Windows folder." -f $Relative)
    }
    return $full
}

function Get-GpuPvAttributes {
    # The item's own attributes (a link's, not its target's); -1 when there is nothing there.
    param([string] $Full)
    return [int] (New-Object -TypeName 'System.IO.FileInfo' -ArgumentList $Full).Attributes
}

function Get-GpuPvComponents {
    # '' (the Windows folder itself), then each folder down to the path itself.
    param([string] $Relative)
    $components = New-Object -TypeName 'System.Collections.ArrayList'
    [void] $components.Add('')
    if (-not [string]::IsNullOrEmpty($Relative)) {
        $segments = $Relative.Split('\')
        for ($i = 0; $i -lt $segments.Length; $i++) {
            [void] $components.Add([string]::Join('\', $segments, 0, $i + 1))
        }
    }
    return $components.ToArray()
}

function Get-GpuPvParent {
    param([string] $Relative)
    $at = $Relative.LastIndexOf('\')
    if ($at -lt 0) {
        return ''
    }
    return $Relative.Substring(0, $at)
}

function Find-GpuPvLink {
    # The first of these guest paths that is a link (junction, symbolic link), or $null.
    param([object[]] $Paths)
    foreach ($relative in $Paths) {
        $key = [string] $relative
        if ($checked.ContainsKey($key)) {
            continue
        }
        $attributes = Get-GpuPvAttributes -Full (Resolve-GpuPvGuestPath -Relative $key)
        if ($attributes -ne -1 -and ($attributes -band $reparsePoint) -ne 0) {
            return $key
        }
        $checked[$key] = $true
    }
    return $null
}

function Remove-GpuPvItem {
    # A link (to a folder or a file) is removed as the link; a real folder by this same walk at every
    # level; a file as the file. Nothing there is fine.
    param([string] $Full)
    $attributes = Get-GpuPvAttributes -Full $Full
    if ($attributes -eq -1) {
        return
    }
    $isLink = ($attributes -band $reparsePoint) -ne 0
    $isDirectory = ($attributes -band $directoryFlag) -ne 0
    if (-not $isLink -and ($attributes -band $readOnlyFlag) -ne 0) {
        [IO.File]::SetAttributes($Full, ($attributes -bxor $readOnlyFlag))
    }
    if ($isDirectory -and -not $isLink) {
        foreach ($child in [IO.Directory]::GetFileSystemEntries($Full)) {
            Remove-GpuPvItem -Full $child
        }
    }
    if ($isDirectory) {
        # Not recursive: for a junction or a directory symbolic link this removes the link only.
        [IO.Directory]::Delete($Full, $false)
    }
    else {
        [IO.File]::Delete($Full)
    }
}

function New-GpuPvParentFolder {
    # Its components were checked: each missing folder is created below checked ones.
    param([string] $Path)
    $null = [IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($Path))
}

function Test-GpuPvExists {
    param([string] $Path)
    return (Get-GpuPvAttributes -Full $Path) -ne -1
}

function Read-GpuPvText {
    # A file's text, or $null when absent or larger than $Limit bytes (then named in $oversized).
    param(
        [string] $Relative,
        [long] $Limit
    )
    $info = New-Object -TypeName 'System.IO.FileInfo' -ArgumentList (Resolve-GpuPvGuestPath -Relative $Relative)
    if (-not $info.Exists) {
        return $null
    }
    if ($info.Length -gt $Limit) {
        [void] $oversized.Add($Relative)
        return $null
    }
    return [IO.File]::ReadAllText($info.FullName)
}

function Get-GpuPvStoreEntries {
    # Every file and folder under HostDriverStore, walked without following anything: an ArrayList,
    # or a refusal (a link met, or more entries than the sync reads).
    $entries = New-Object -TypeName 'System.Collections.ArrayList'
    $pending = New-Object -TypeName 'System.Collections.Stack'
    $pending.Push($storeRelative)
    while ($pending.Count -gt 0) {
        $folder = [string] $pending.Pop()
        $full = Resolve-GpuPvGuestPath -Relative $folder
        if (-not [IO.Directory]::Exists($full)) {
            continue
        }
        foreach ($item in (New-Object -TypeName 'System.IO.DirectoryInfo' -ArgumentList $full).GetFileSystemInfos()) {
            $relative = $folder + '\' + $item.Name
            $attributes = [int] $item.Attributes
            if (($attributes -band $reparsePoint) -ne 0) {
                return [pscustomobject]@{ Refused = 'Link'; Path = $relative }
            }
            if ($entries.Count -ge $storeEntries) {
                return [pscustomobject]@{ Refused = 'TooMany'; Path = $storeRelative }
            }
            $isDirectory = ($attributes -band $directoryFlag) -ne 0
            $length = $null
            if (-not $isDirectory) {
                $length = $item.Length.ToString($culture)
            }
            [void] $entries.Add([pscustomobject]@{ Path = $relative; Directory = $isDirectory; Length = $length })
            if ($isDirectory) {
                $pending.Push($relative)
            }
        }
    }
    return , $entries
}

function New-GpuPvStoreRefusal {
    param([string] $Kind, [string] $Path)
    return [pscustomobject]@{ Refused = $Kind; Path = $Path; Manifest = $null; Journal = $null; Oversized = @(); Entries = @(); LooseFiles = @() }
}

if ($Action -ceq 'Temp') {
    return [IO.Path]::GetTempPath()
}

if ($Action -ceq 'Read') {
    $toCheck = New-Object -TypeName 'System.Collections.ArrayList'
    foreach ($relative in @(@($manifestRelative, $journalRelative) + @($Data))) {
        $toCheck.AddRange(@(Get-GpuPvComponents -Relative ([string] $relative)))
    }
    $link = Find-GpuPvLink -Paths $toCheck.ToArray()
    if ($null -ne $link) {
        return New-GpuPvStoreRefusal -Kind 'Link' -Path $link
    }
    $entries = Get-GpuPvStoreEntries
    if ($entries -isnot [Collections.ArrayList]) {
        return New-GpuPvStoreRefusal -Kind $entries.Refused -Path $entries.Path
    }
    $loose = New-Object -TypeName 'System.Collections.ArrayList'
    foreach ($relative in $Data) {
        $path = Resolve-GpuPvGuestPath -Relative $relative
        $info = New-Object -TypeName 'System.IO.FileInfo' -ArgumentList $path
        $length = $null
        if ($info.Exists) {
            $length = $info.Length.ToString($culture)
        }
        [void] $loose.Add([pscustomobject]@{ Path = [string] $relative; Length = $length })
    }
    $oversized = New-Object -TypeName 'System.Collections.ArrayList'
    $manifest = Read-GpuPvText -Relative $manifestRelative -Limit $manifestBytes
    $journal = Read-GpuPvText -Relative $journalRelative -Limit $journalBytes
    return [pscustomobject]@{
        Refused    = $null
        Path       = $null
        Manifest   = $manifest
        Journal    = $journal
        Oversized  = $oversized.ToArray()
        Entries    = $entries.ToArray()
        LooseFiles = $loose.ToArray()
    }
}

if ($Action -ceq 'Copy') {
    # Every destination is checked before a byte is copied.
    foreach ($file in $Data) {
        $link = Find-GpuPvLink -Paths @(Get-GpuPvComponents -Relative $file['Destination'])
        if ($null -ne $link) {
            return [pscustomobject]@{ Link = $link }
        }
    }
    foreach ($file in $Data) {
        $destination = Resolve-GpuPvGuestPath -Relative $file['Destination']
        New-GpuPvParentFolder -Path $destination
        [IO.File]::Copy([string] $file['Source'], $destination, $true)
    }
    return [pscustomobject]@{ Link = $null }
}

if ($Action -ceq 'Expand') {
    # .NET Framework's ExtractToDirectory does not overwrite: entry by entry, with overwrite.
    Add-Type -AssemblyName 'System.IO.Compression', 'System.IO.Compression.FileSystem'
    $archive = [string] $Data
    try {
        $zip = [IO.Compression.ZipFile]::OpenRead($archive)
        try {
            foreach ($entry in $zip.Entries) {
                $link = Find-GpuPvLink -Paths @(Get-GpuPvComponents -Relative $entry.FullName.Replace('/', '\'))
                if ($null -ne $link) {
                    return [pscustomobject]@{ Link = $link }
                }
            }
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
    return [pscustomobject]@{ Link = $null }
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
        # What the step may not meet as a link, before it touches anything.
        if ($op -ceq 'Move' -or $op -ceq 'Link') {
            $paths = @(Get-GpuPvComponents -Relative $step['From']) + @(Get-GpuPvComponents -Relative $step['To'])
        }
        elseif ($op -ceq 'Write') {
            $paths = @(Get-GpuPvComponents -Relative $step['Path']) + @($step['Path'] + '.tmp')
        }
        else {
            $paths = @(Get-GpuPvComponents -Relative (Get-GpuPvParent -Relative $step['Path']))
        }
        $link = Find-GpuPvLink -Paths $paths
        if ($null -ne $link) {
            return [pscustomobject]@{ Done = $done; Op = $op; Path = $subject; Failure = $null; Link = $link }
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
                Remove-GpuPvItem -Full (Resolve-GpuPvGuestPath -Relative $step['Path'])
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
            return [pscustomobject]@{ Done = $done; Op = $op; Path = $subject; Failure = $_.Exception.Message; Link = $null }
        }
        $done++
    }
    return [pscustomobject]@{ Done = $done; Op = $null; Path = $null; Failure = $null; Link = $null }
}

throw ('Unknown guest action: {0}' -f $Action)
