function Start-GpuPvSourceHashing {
    # SHA-256 of host files in a runspace of its own, started before the copy, so that hashing and
    # copying overlap (each on its own core; the second reader of a file finds it in the file cache)
    # instead of taking their times one after the other. Complete-GpuPvSourceHashing collects them.
    param([string[]] $Path)
    $hashScript = @'
param([string[]] $Path)
$ErrorActionPreference = 'Stop'
$sha256 = [Security.Cryptography.SHA256]::Create()
try {
    foreach ($file in $Path) {
        $stream = New-Object -TypeName 'System.IO.FileStream' -ArgumentList $file, ([IO.FileMode]::Open), ([IO.FileAccess]::Read), ([IO.FileShare]::Read), 1048576
        try {
            [BitConverter]::ToString($sha256.ComputeHash($stream)).Replace('-', '')
        }
        finally {
            $stream.Dispose()
        }
    }
}
finally {
    $sha256.Dispose()
}
'@
    $shell = [PowerShell]::Create()
    $null = $shell.AddScript($hashScript).AddArgument($Path)
    return [pscustomobject]@{ Shell = $shell; Pending = $shell.BeginInvoke(); Count = $Path.Count }
}
