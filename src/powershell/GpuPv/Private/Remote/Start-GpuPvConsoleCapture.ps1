function Start-GpuPvConsoleCapture {
    # Catches this process's console output until Stop-GpuPvConsoleCapture. PowerShell's SSH
    # transport copies what ssh writes on stderr ("Permission denied (publickey).", "Host key
    # verification failed.") to the console, where it would land before the reply line and corrupt
    # it; caught, it can travel in the error instead, where the extension reads the reason from it.
    $capture = [pscustomobject]@{
        Console = [Console]::Out
        Caught  = New-Object -TypeName 'System.IO.StringWriter'
    }
    # Synchronized: the transport writes from a thread of its own.
    [Console]::SetOut([System.IO.TextWriter]::Synchronized($capture.Caught))
    return $capture
}
