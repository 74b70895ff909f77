function Import-GpuPvRemoteModule {
    # Copies the built module file into the host's temp folder and imports it there (execution
    # policy bypassed for that session only), then reads the host's facts through it: the decoded
    # envelope.
    param($Session)
    # Two statements on purpose: Invoke-Command turns a block of one command into a command whose
    # arguments it evaluates HERE, which gave the local temp folder instead of the host's.
    $remotePath = Invoke-Command -Session $Session -ErrorAction Stop -ScriptBlock {
        $folder = [System.IO.Path]::GetTempPath()
        Join-Path -Path $folder -ChildPath 'GpuPv.psm1'
    }
    Copy-Item -LiteralPath $script:GpuPvModulePath -Destination $remotePath -ToSession $Session -Force -ErrorAction Stop
    $text = Invoke-Command -Session $Session -ErrorAction Stop -ArgumentList $remotePath -ScriptBlock {
        param($ModulePath)
        # Under a Group Policy setting the process scope is still set, then the cmdlet throws
        # ExecutionPolicyOverride, a terminating error -ErrorAction does not cover; the import below
        # meets the policy Group Policy set (RemoteSigned loads a local file). PowerShell outside
        # Windows has no execution policy: the cmdlet throws PlatformNotSupportedException there.
        try {
            Set-ExecutionPolicy -ExecutionPolicy Bypass -Scope Process -Force -ErrorAction Stop
        }
        catch {
            $id = $_.FullyQualifiedErrorId
            if (-not ($id.StartsWith('ExecutionPolicyOverride,') -or $id.StartsWith('System.PlatformNotSupportedException,'))) {
                throw
            }
        }
        Import-Module -Name $ModulePath -DisableNameChecking -ErrorAction Stop
        Invoke-GpuPv -Operation 'Get-HostFacts' -Payload 'e30=' -AsText
    }
    return (ConvertFrom-Json -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([string] $text))))
}
