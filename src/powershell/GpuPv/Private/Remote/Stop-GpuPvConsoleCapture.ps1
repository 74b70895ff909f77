function Stop-GpuPvConsoleCapture {
    # Gives the console back and answers what was printed meanwhile. -Failed: the transport reads
    # ssh's reason on another thread, which may be a moment behind the failure; it is waited for.
    param(
        $Capture,
        [switch] $Failed
    )
    if ($Failed) {
        $deadline = [DateTime]::UtcNow.AddMilliseconds(500)
        while ($Capture.Caught.ToString().Trim() -eq '' -and [DateTime]::UtcNow -lt $deadline) {
            [System.Threading.Thread]::Sleep(20)
        }
    }
    [Console]::SetOut($Capture.Console)
    return $Capture.Caught.ToString().Trim()
}
