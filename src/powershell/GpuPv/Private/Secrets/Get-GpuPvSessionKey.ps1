function Get-GpuPvSessionKey {
    # Get-SessionKey: the public point of this shell's session key, made on the first ask and kept for
    # the shell's life in $script:GpuPvSessionKey (the private key never leaves the ECDiffieHellman
    # object). The key id is the first 8 bytes of SHA-256 of the point 04|X|Y, in hex, as the
    # extension computes it (keyIdOf). ECDiffieHellman.Create(ECCurve) needs .NET Framework 4.7 in
    # Windows PowerShell 5.1 (every Windows with GPU partitioning has 4.7.2 or later).
    if ($null -eq $script:GpuPvSessionKey) {
        $agreement = [System.Security.Cryptography.ECDiffieHellman]::Create((Get-GpuPvCurve))
        $public = $agreement.ExportParameters($false)
        $point = [byte[]]::new(65)
        $point[0] = 4
        [Array]::Copy($public.Q.X, 0, $point, 1, 32)
        [Array]::Copy($public.Q.Y, 0, $point, 33, 32)
        $sha = [System.Security.Cryptography.SHA256]::Create()
        try {
            $keyId = [BitConverter]::ToString($sha.ComputeHash($point), 0, 8).Replace('-', '').ToLowerInvariant()
        }
        finally {
            $sha.Dispose()
        }
        $script:GpuPvSessionKey = @{ Agreement = $agreement; KeyId = $keyId; X = $public.Q.X; Y = $public.Q.Y }
    }
    return [pscustomobject]@{
        KeyId = $script:GpuPvSessionKey.KeyId
        Curve = 'P-256'
        X     = [Convert]::ToBase64String($script:GpuPvSessionKey.X)
        Y     = [Convert]::ToBase64String($script:GpuPvSessionKey.Y)
    }
}
