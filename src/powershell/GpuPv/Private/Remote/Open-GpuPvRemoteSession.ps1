function Open-GpuPvRemoteSession {
    param([string] $Payload)
    try {
        $connection = ConvertFrom-GpuPvPayload -Payload $Payload -Expected $script:GpuPvConnectArguments
    }
    catch {
        return New-GpuPvFailure -Id (Resolve-GpuPvFailureId -ErrorRecord $_ -Default 'invalid-argument') -ErrorRecord $_
    }
    if ($connection['Transport'] -ceq 'ssh') {
        if ($PSVersionTable.PSVersion.Major -lt 7) {
            return New-GpuPvFailure -Id 'remote-ssh-needs-pwsh7' -Message 'SSH remoting needs PowerShell 7 on this computer; Windows PowerShell 5.1 has only WinRM.' -Category 'NotImplemented'
        }
        $session = New-GpuPvSshSession -Connection $connection
    }
    else {
        $session = New-GpuPvWinRmSession -Connection $connection
    }
    try {
        $facts = Import-GpuPvRemoteModule -Session $session
    }
    catch {
        Remove-PSSession -Session $session -ErrorAction SilentlyContinue
        throw
    }
    if (-not $facts.ok) {
        Remove-PSSession -Session $session -ErrorAction SilentlyContinue
        return New-GpuPvFailure -Id 'hyperv-error' -Message $facts.error.message
    }
    # Hyper-V's cmdlets refuse an account that is neither an administrator (elevated: remoting
    # gives administrators a full token) nor in Hyper-V Administrators: say so now, once.
    if (-not $facts.result.Elevated -and -not $facts.result.HyperVAdministrator) {
        Remove-PSSession -Session $session -ErrorAction SilentlyContinue
        return New-GpuPvFailure -Id 'remote-not-hyperv-admin' -Message ('The account is neither an administrator nor a member of Hyper-V Administrators on {0}.' -f $facts.result.ComputerName) -Category 'PermissionDenied'
    }
    $script:GpuPvRemoteSession = $session
    return [ordered]@{
        ok     = $true
        result = [pscustomobject]@{
            ComputerName        = $facts.result.ComputerName
            PSVersion           = $facts.result.PSVersion
            HyperVAdministrator = $facts.result.HyperVAdministrator
            Elevated            = $facts.result.Elevated
        }
    }
}
