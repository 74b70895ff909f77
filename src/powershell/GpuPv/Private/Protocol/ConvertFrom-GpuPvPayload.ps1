function ConvertFrom-GpuPvPayload {
    # Base64 of UTF-8 JSON -> hashtable of the expected arguments, checked by kind.
    param(
        [string] $Payload,
        [hashtable] $Expected
    )
    $json = '{}'
    if (-not [string]::IsNullOrEmpty($Payload)) {
        $json = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Payload))
    }
    $decoded = ConvertFrom-Json -InputObject $json
    if ($null -eq $decoded -or $decoded.GetType().FullName -ne 'System.Management.Automation.PSCustomObject') {
        throw 'The arguments are not a JSON object.'
    }

    $arguments = @{}
    foreach ($property in $decoded.PSObject.Properties) {
        if (-not ([string[]] $Expected.Keys -ccontains $property.Name)) {
            throw ('Unexpected argument: {0}' -f $property.Name)
        }
        $arguments[$property.Name] = $property.Value
    }
    foreach ($name in $Expected.Keys) {
        $kind = [string] $Expected[$name]
        $optional = $kind.EndsWith('?')
        if ($optional) {
            $kind = $kind.Substring(0, $kind.Length - 1)
        }
        if (-not $arguments.ContainsKey($name)) {
            if ($optional) {
                continue
            }
            throw ('Missing argument: {0}' -f $name)
        }
        $arguments[$name] = ConvertFrom-GpuPvArgument -Name $name -Kind $kind -Value $arguments[$name]
    }
    return $arguments
}
