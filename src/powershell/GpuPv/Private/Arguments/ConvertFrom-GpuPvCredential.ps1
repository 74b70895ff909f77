function ConvertFrom-GpuPvCredential {
    # Credential: { UserName, Password } -> a PSCredential for PowerShell Direct. The password is
    # moved into a SecureString character by character and never written anywhere.
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
    $password = Get-GpuPvJsonValue -Value $Value -Name 'Password'
    if (-not ($userName -is [string]) -or $userName.Length -lt 1 -or $userName.Length -gt 256) {
        throw 'Argument Credential has no user name.'
    }
    if (-not ($password -is [string]) -or $password.Length -gt 1024) {
        throw 'Argument Credential has no password.'
    }
    $secure = New-Object -TypeName System.Security.SecureString
    foreach ($character in $password.ToCharArray()) {
        $secure.AppendChar($character)
    }
    $secure.MakeReadOnly()
    return (New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $userName, $secure)
}
