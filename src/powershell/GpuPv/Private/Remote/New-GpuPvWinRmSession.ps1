function New-GpuPvWinRmSession {
    param([hashtable] $Connection)
    $option = New-PSSessionOption -OpenTimeout $Connection['TimeoutMs']
    $parameters = @{ ComputerName = $Connection['Address']; SessionOption = $option; ErrorAction = 'Stop' }
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
