function New-GpuPvPeerKey {
    # The sealer's one-time public key, E (the first 65 bytes of a sealed blob: 04 | X | Y), as an
    # ECDiffieHellman object to agree with. A point off the curve is refused by .NET: secret-unreadable.
    param([byte[]] $Blob)
    $point = New-Object -TypeName System.Security.Cryptography.ECPoint
    $point.X = [byte[]]::new(32)
    $point.Y = [byte[]]::new(32)
    [Array]::Copy($Blob, 1, $point.X, 0, 32)
    [Array]::Copy($Blob, 33, $point.Y, 0, 32)
    $parameters = New-Object -TypeName System.Security.Cryptography.ECParameters
    $parameters.Curve = (Get-GpuPvCurve)
    $parameters.Q = $point
    try {
        return [System.Security.Cryptography.ECDiffieHellman]::Create($parameters)
    }
    catch {
        throw (New-GpuPvSecretError -Id 'secret-unreadable')
    }
}
