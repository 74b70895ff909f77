function ConvertFrom-GpuPvSealedSecret {
    # A sealed secret -> a read-only SecureString, character by character from the opened bytes; the
    # bytes and characters are cleared before it returns, whatever happens.
    param([string] $Sealed)
    $plain = Unprotect-GpuPvSealedBytes -Sealed $Sealed
    $characters = $null
    try {
        $characters = [System.Text.Encoding]::UTF8.GetChars($plain)
        $secure = New-Object -TypeName System.Security.SecureString
        foreach ($character in $characters) {
            $secure.AppendChar($character)
        }
        $character = $null
        $secure.MakeReadOnly()
        return $secure
    }
    finally {
        [Array]::Clear($plain, 0, $plain.Length)
        if ($null -ne $characters) {
            [Array]::Clear($characters, 0, $characters.Length)
        }
    }
}
