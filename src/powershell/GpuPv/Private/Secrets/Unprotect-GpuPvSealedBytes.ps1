function Unprotect-GpuPvSealedBytes {
    # Opens a sealed secret with this shell's session key into its UTF-8 bytes, which the caller
    # clears. Sealed to another key (or none asked for yet): secret-key-changed, before any
    # decryption. Damaged in any way: secret-unreadable; the MAC is checked in constant time before
    # AES runs. The keys it derives are cleared here; none of these bytes is passed to a command.
    param([string] $Sealed)
    $key = $script:GpuPvSessionKey
    $match = [regex]::Match($Sealed, $script:GpuPvSealedPattern)
    if ($Sealed.Length -gt $script:GpuPvSealedMaxLength -or -not $match.Success) {
        throw (New-GpuPvSecretError -Id 'secret-unreadable')
    }
    if ($null -eq $key -or $match.Groups[1].Value -cne $key.KeyId) {
        throw (New-GpuPvSecretError -Id 'secret-key-changed')
    }
    # E (65 bytes: 04 | X | Y), IV (16), ciphertext (whole AES blocks), MAC (32).
    $blob = [Convert]::FromBase64String($match.Groups[2].Value)
    $cipherLength = $blob.Length - 65 - 16 - 32
    if ($cipherLength -lt 16 -or ($cipherLength % 16) -ne 0 -or $blob[0] -ne 4) {
        throw (New-GpuPvSecretError -Id 'secret-unreadable')
    }
    $aesKey = $null
    $macKey = $null
    $peer = $null
    $hmac = $null
    $aes = $null
    try {
        $peer = New-GpuPvPeerKey -Blob $blob
        $header = [System.Text.Encoding]::ASCII.GetBytes(('{0}:{1}:' -f $script:GpuPvSealedVersion, $key.KeyId))
        $info = [byte[]]::new($header.Length + 65)
        [Array]::Copy($header, 0, $info, 0, $header.Length)
        [Array]::Copy($blob, 0, $info, $header.Length, 65)
        $sha256 = [System.Security.Cryptography.HashAlgorithmName]::SHA256
        $aesKey = $key.Agreement.DeriveKeyFromHash($peer.PublicKey, $sha256, [byte[]] (0, 0, 0, 1), $info)
        $macKey = $key.Agreement.DeriveKeyFromHash($peer.PublicKey, $sha256, [byte[]] (0, 0, 0, 2), $info)
        $hmac = [System.Security.Cryptography.HMACSHA256]::new($macKey)
        $null = $hmac.TransformBlock($header, 0, $header.Length, $null, 0)
        $null = $hmac.TransformFinalBlock($blob, 0, $blob.Length - 32)
        $expected = $hmac.Hash
        $difference = 0
        for ($i = 0; $i -lt 32; $i++) {
            $difference = $difference -bor ($expected[$i] -bxor $blob[$blob.Length - 32 + $i])
        }
        if ($difference -ne 0) {
            throw (New-GpuPvSecretError -Id 'secret-unreadable')
        }
        $iv = [byte[]]::new(16)
        [Array]::Copy($blob, 65, $iv, 0, 16)
        $aes = [System.Security.Cryptography.Aes]::Create()
        $aes.Mode = [System.Security.Cryptography.CipherMode]::CBC
        $aes.Padding = [System.Security.Cryptography.PaddingMode]::PKCS7
        $aes.Key = $aesKey
        $aes.IV = $iv
        $decryptor = $aes.CreateDecryptor()
        try {
            $plain = $decryptor.TransformFinalBlock($blob, 65 + 16, $cipherLength)
        }
        catch {
            throw (New-GpuPvSecretError -Id 'secret-unreadable')
        }
        finally {
            $decryptor.Dispose()
        }
        return , $plain
    }
    finally {
        foreach ($buffer in @($aesKey, $macKey)) {
            if ($null -ne $buffer) {
                [Array]::Clear($buffer, 0, $buffer.Length)
            }
        }
        foreach ($disposable in @($peer, $hmac, $aes)) {
            if ($null -ne $disposable) {
                $disposable.Dispose()
            }
        }
    }
}
