function ConvertFrom-GpuPvCredential {
    # Credential: { UserName, Password } -> a PSCredential (PowerShell Direct, New-PSSession). The
    # password arrives sealed to this shell's session key and is opened straight into a SecureString
    # (ConvertFrom-GpuPvSealedSecret): it is never text here, nor written anywhere.
    param($Value)
    if (-not (Test-GpuPvJsonObject -Value $Value)) {
        throw 'Argument Credential is not a JSON object.'
    }
    foreach ($property in $Value.PSObject.Properties) {
        if (-not (@('UserName', 'Password') -ccontains $property.Name)) {
            throw ('Unexpected credential property: {0}' -f $property.Name)
        }
    }
    $userName = Get-GpuPvJsonValue -Value $Value -Name 'UserName'
    $sealed = Get-GpuPvJsonValue -Value $Value -Name 'Password'
    if (-not ($userName -is [string]) -or $userName.Length -lt 1 -or $userName.Length -gt 256) {
        throw 'Argument Credential has no user name.'
    }
    if (-not ($sealed -is [string])) {
        throw 'Argument Credential has no sealed password.'
    }
    $secure = ConvertFrom-GpuPvSealedSecret -Sealed $sealed
    return (New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $userName, $secure)
}
