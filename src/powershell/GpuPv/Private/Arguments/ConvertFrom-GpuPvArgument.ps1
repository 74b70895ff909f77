function ConvertFrom-GpuPvArgument {
    # One argument, checked and converted to the type its cmdlet parameter takes. Throws when invalid.
    param(
        [string] $Name,
        [string] $Kind,
        $Value
    )
    if ($Kind -ceq 'Guid') {
        $parsed = [Guid]::Empty
        if (-not ($Value -is [string]) -or -not [Guid]::TryParse($Value, [ref] $parsed)) {
            throw ('Argument {0} is not a GUID.' -f $Name)
        }
        return $parsed.ToString()
    }
    if ($Kind -ceq 'AdapterId') {
        # Microsoft:<VMId>\<GUID>, the Id of Get-VMGpuPartitionAdapter.
        if (-not ($Value -is [string]) -or -not ($Value -cmatch '\AMicrosoft:[0-9A-Fa-f-]{36}\\[0-9A-Fa-f-]{36}\z')) {
            throw ('Argument {0} is not a GPU partition adapter id.' -f $Name)
        }
        return $Value
    }
    if ($Kind -ceq 'InstancePath') {
        if (-not ($Value -is [string]) -or $Value.Length -lt 1 -or $Value.Length -gt 2048) {
            throw ('Argument {0} is not an instance path.' -f $Name)
        }
        return $Value
    }
    if ($Kind -ceq 'Boolean') {
        return (ConvertFrom-GpuPvBoolean -Name $Name -Value $Value)
    }
    if ($Kind -ceq 'PartitionCount') {
        # A JSON number: Int32 or Int64 depending on the edition; never a fraction.
        if (-not (($Value -is [int]) -or ($Value -is [long])) -or $Value -lt 1 -or $Value -gt 65535) {
            throw ('Argument {0} is not a partition count (1-65535).' -f $Name)
        }
        return [UInt16] $Value
    }
    if ($Kind -ceq 'PartitionSizes') {
        return (ConvertFrom-GpuPvPartitionSizes -Value $Value)
    }
    if ($Kind -ceq 'VmSettings') {
        return (ConvertFrom-GpuPvVmSettings -Value $Value)
    }
    if ($Kind -ceq 'Credential') {
        return (ConvertFrom-GpuPvCredential -Value $Value)
    }
    # The lists come back wrapped (return , $list) so that one or no element stays a list.
    if ($Kind -ceq 'HostPaths') {
        return , (ConvertFrom-GpuPvPathList -Name $Name -Value $Value -Pattern $script:GpuPvHostPathPattern -Maximum 256)
    }
    if ($Kind -ceq 'GuestPaths') {
        return , (ConvertFrom-GpuPvPathList -Name $Name -Value $Value -Pattern $script:GpuPvGuestPathPattern -Maximum 256)
    }
    if ($Kind -ceq 'GuestTarget') {
        return (ConvertFrom-GpuPvGuestTarget -Value $Value)
    }
    if ($Kind -ceq 'CopyFiles') {
        return , (ConvertFrom-GpuPvCopyFiles -Value $Value)
    }
    if ($Kind -ceq 'GuestSteps') {
        return , (ConvertFrom-GpuPvGuestSteps -Value $Value)
    }
    if ($Kind -ceq 'DriverSyncRecord') {
        return (ConvertFrom-GpuPvDriverSyncRecord -Value $Value)
    }
    if ($Kind -ceq 'Transport') {
        return (ConvertFrom-GpuPvEnumName -Name $Name -Value $Value -Allowed @('winrm', 'ssh'))
    }
    if ($Kind -ceq 'Authentication') {
        return (ConvertFrom-GpuPvEnumName -Name $Name -Value $Value -Allowed $script:GpuPvAuthentications)
    }
    if ($Kind -ceq 'Text') {
        if (-not ($Value -is [string]) -or $Value.Length -lt 1 -or $Value.Length -gt 1024) {
            throw ('Argument {0} is not a text of 1 to 1024 characters.' -f $Name)
        }
        return $Value
    }
    if ($Kind -ceq 'Port') {
        if (-not (($Value -is [int]) -or ($Value -is [long])) -or $Value -lt 1 -or $Value -gt 65535) {
            throw ('Argument {0} is not a port (1-65535).' -f $Name)
        }
        return [int] $Value
    }
    if ($Kind -ceq 'Milliseconds') {
        if (-not (($Value -is [int]) -or ($Value -is [long])) -or $Value -lt 1000 -or $Value -gt 600000) {
            throw ('Argument {0} is not a time in milliseconds (1000-600000).' -f $Name)
        }
        return [int] $Value
    }
    throw ('Argument {0} has an unknown kind: {1}' -f $Name, $Kind)
}
