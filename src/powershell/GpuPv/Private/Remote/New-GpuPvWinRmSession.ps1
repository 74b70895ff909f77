function New-GpuPvWinRmSession {
    param([hashtable] $Connection)
    $parameters = @{ ComputerName = $Connection['Address']; ErrorAction = 'Stop' }
    # PowerShell 7 outside Windows has no -OpenTimeout (nor a WSMan client: New-PSSession then says
    # so, which the extension shows as remote-winrm-unavailable instead of a parameter error).
    # -IdleTimeout: a host's shell whose client died (the extension restarts a shell that timed out)
    # ends a minute later, not after WinRM's two hours, and lets go of a VM's disks it claimed. A
    # live client's heartbeats keep an idle session open.
    if ((Get-Command -Name 'New-PSSessionOption').Parameters.ContainsKey('OpenTimeout')) {
        $parameters['SessionOption'] = New-PSSessionOption -OpenTimeout $Connection['TimeoutMs'] -IdleTimeout 60000
    }
    if ($Connection.ContainsKey('Port')) {
        $parameters['Port'] = $Connection['Port']
    }
    if ($Connection.ContainsKey('UseSsl') -and $Connection['UseSsl']) {
        $parameters['UseSSL'] = $true
    }
    if ($Connection.ContainsKey('Authentication')) {
        $parameters['Authentication'] = $Connection['Authentication']
    }
    if ($Connection.ContainsKey('Credential')) {
        $parameters['Credential'] = $Connection['Credential']
    }
    return (New-PSSession @parameters)
}
