function New-GpuPvWinRmSession {
    param([hashtable] $Connection)
    $parameters = @{ ComputerName = $Connection['Address']; ErrorAction = 'Stop' }
    # PowerShell 7 outside Windows has no -OpenTimeout (nor a WSMan client: New-PSSession then says
    # so, which the extension shows as remote-winrm-unavailable instead of a parameter error).
    if ((Get-Command -Name 'New-PSSessionOption').Parameters.ContainsKey('OpenTimeout')) {
        $parameters['SessionOption'] = New-PSSessionOption -OpenTimeout $Connection['TimeoutMs']
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
