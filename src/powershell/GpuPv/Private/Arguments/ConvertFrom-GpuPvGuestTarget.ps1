function ConvertFrom-GpuPvGuestTarget {
    # Target: { Mode: 'Offline', VMId } or { Mode: 'Online', VMId, Credential } -> hashtable. The
    # credential goes through ConvertFrom-GpuPvCredential (a PSCredential; the password is never kept
    # as text).
    param($Value)
    if (-not (Test-GpuPvJsonObject -Value $Value)) {
        throw 'Argument Target is not a JSON object.'
    }
    $mode = Get-GpuPvJsonValue -Value $Value -Name 'Mode'
    if ($mode -ceq 'Offline') {
        Assert-GpuPvProperties -Name 'Target' -Value $Value -Allowed @('Mode', 'VMId') -Required @('Mode', 'VMId')
    }
    elseif ($mode -ceq 'Online') {
        # Only Open-GuestDriverStore sends the credential; the later calls use the session it opened.
        Assert-GpuPvProperties -Name 'Target' -Value $Value -Allowed @('Mode', 'VMId', 'Credential') -Required @('Mode', 'VMId')
    }
    else {
        throw 'Argument Target.Mode must be Offline or Online.'
    }
    $target = @{
        Mode       = $mode
        VMId       = (ConvertFrom-GpuPvArgument -Name 'Target.VMId' -Kind 'Guid' -Value $Value.VMId)
        Credential = $null
    }
    $credential = Get-GpuPvJsonValue -Value $Value -Name 'Credential'
    if ($mode -ceq 'Online' -and $null -ne $credential) {
        $target['Credential'] = ConvertFrom-GpuPvCredential -Value $credential
    }
    return $target
}
