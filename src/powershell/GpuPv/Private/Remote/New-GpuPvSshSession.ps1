function New-GpuPvSshSession {
    # PowerShell 7 only (checked by the caller). BatchMode: a key that does not work fails at once
    # instead of waiting at a password prompt nobody can answer.
    param([hashtable] $Connection)
    $parameters = @{ HostName = $Connection['Address']; ErrorAction = 'Stop' }
    # -ConnectingTimeout (7.2) and -Options (7.3) are newer than SSH remoting itself: passed only where
    # this PowerShell has them, so 7.0 and 7.1 still connect (without the fail-fast niceties).
    $available = (Get-Command -Name 'New-PSSession').Parameters
    if ($available.ContainsKey('Options')) {
        $options = @{ BatchMode = 'yes' }
        # The configured key and no other: ssh would otherwise also offer every key of the user's
        # agent, signing in as an account not chosen here, or failing as too many attempts.
        if ($Connection.ContainsKey('KeyFilePath')) {
            $options['IdentitiesOnly'] = 'yes'
        }
        $parameters['Options'] = $options
    }
    if ($available.ContainsKey('ConnectingTimeout')) {
        $parameters['ConnectingTimeout'] = $Connection['TimeoutMs']
    }
    if ($Connection.ContainsKey('Port')) {
        $parameters['Port'] = $Connection['Port']
    }
    if ($Connection.ContainsKey('UserName')) {
        $parameters['UserName'] = $Connection['UserName']
    }
    if ($Connection.ContainsKey('KeyFilePath')) {
        $parameters['KeyFilePath'] = $Connection['KeyFilePath']
    }
    $capture = Start-GpuPvConsoleCapture
    $failure = $null
    try {
        $session = New-PSSession @parameters
    }
    catch {
        $failure = $_
    }
    finally {
        # In a finally: a stopped pipeline skips catch, and must not leave the console captured.
        $said = Stop-GpuPvConsoleCapture -Capture $capture -Failed:($null -ne $failure)
    }
    if ($null -ne $failure) {
        Add-GpuPvTransportReason -ErrorRecord $failure -Said $said
        # The record itself: a bare rethrow would make a new one from the exception, without the details.
        throw $failure
    }
    return $session
}
