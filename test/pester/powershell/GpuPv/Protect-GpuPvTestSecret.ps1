# Dot-sourced by tests that hand the module a password: seals a text as the extension does
# (src/host/secrets/sealedSecret.ts), to the public key Get-SessionKey answers, in .NET. A second
# implementation of the format: the module opening what this seals checks both against its description.
function Protect-GpuPvTestSecret {
    param(
        [string] $Text,
        # Sealed to a key of its own, not the module's (an earlier shell's).
        [switch] $OtherKey
    )
    $curve = ([type] 'System.Security.Cryptography.ECCurve+NamedCurves')::nistP256
    if ($OtherKey) {
        $other = [System.Security.Cryptography.ECDiffieHellman]::Create($curve).ExportParameters($false)
        $x = $other.Q.X
        $y = $other.Q.Y
    }
    else {
        $answer = InModuleScope GpuPv { Get-GpuPvSessionKey }
        $x = [Convert]::FromBase64String($answer.X)
        $y = [Convert]::FromBase64String($answer.Y)
    }
    $target = [byte[]] (@(4) + $x + $y)
    $keyId = [BitConverter]::ToString([System.Security.Cryptography.SHA256]::HashData($target), 0, 8).Replace('-', '').ToLowerInvariant()
    $peerPoint = New-Object -TypeName System.Security.Cryptography.ECPoint
    $peerPoint.X = $x
    $peerPoint.Y = $y
    $peerParameters = New-Object -TypeName System.Security.Cryptography.ECParameters
    $peerParameters.Curve = $curve
    $peerParameters.Q = $peerPoint
    $peer = [System.Security.Cryptography.ECDiffieHellman]::Create($peerParameters)

    $ephemeral = [System.Security.Cryptography.ECDiffieHellman]::Create($curve)
    $public = $ephemeral.ExportParameters($false)
    $point = [byte[]] (@(4) + $public.Q.X + $public.Q.Y)
    $header = [System.Text.Encoding]::ASCII.GetBytes("gpupv-sealed-v1:${keyId}:")
    $info = [byte[]] ($header + $point)
    $sha256 = [System.Security.Cryptography.HashAlgorithmName]::SHA256
    $aesKey = $ephemeral.DeriveKeyFromHash($peer.PublicKey, $sha256, [byte[]] (0, 0, 0, 1), $info)
    $macKey = $ephemeral.DeriveKeyFromHash($peer.PublicKey, $sha256, [byte[]] (0, 0, 0, 2), $info)
    $aes = [System.Security.Cryptography.Aes]::Create()
    $aes.Key = $aesKey
    $aes.GenerateIV()
    $plain = [System.Text.Encoding]::UTF8.GetBytes($Text)
    $cipher = $aes.CreateEncryptor().TransformFinalBlock($plain, 0, $plain.Length)
    $signed = [byte[]] ($point + $aes.IV + $cipher)
    $mac = [System.Security.Cryptography.HMACSHA256]::new($macKey).ComputeHash([byte[]] ($header + $signed))
    return "gpupv-sealed-v1:${keyId}:" + [Convert]::ToBase64String([byte[]] ($signed + $mac))
}

# The sealed secret with one byte of its ciphertext changed: its MAC no longer matches.
function Get-GpuPvTamperedSecret {
    param([string] $Sealed)
    $parts = $Sealed.Split(':')
    $blob = [Convert]::FromBase64String($parts[2])
    $blob[$blob.Length - 40] = $blob[$blob.Length - 40] -bxor 1
    return '{0}:{1}:{2}' -f $parts[0], $parts[1], [Convert]::ToBase64String($blob)
}
