function Get-GpuPvGuestSession {
    # Online: the PowerShell Direct session of the running guest, reused across the calls of a sync
    # and recreated when broken. Answers the target state, or a failure.
    param([hashtable] $Target)
    $vmId = $Target['VMId']
    $state = $script:GpuPvGuestTargets[$vmId]
    if ($null -ne $state -and $state.Mode -ceq 'Online') {
        if ([string] $state.Session.State -eq 'Opened' -and [string] $state.Session.Availability -eq 'Available') {
            return $state
        }
        Remove-PSSession -Session $state.Session -ErrorAction SilentlyContinue
        $script:GpuPvGuestTargets.Remove($vmId)
    }
    $vm = Get-VM -Id $vmId
    if ([string] $vm.State -ne 'Running') {
        $message = "The VM '{0}' is {1}: an online driver sync needs it running (PowerShell Direct). Start it, or sync offline with the VM off." -f $vm.Name, $vm.State
        return New-GpuPvFailure -Id 'guest-not-running' -Message $message -Category 'InvalidOperation'
    }
    if ($null -eq $Target['Credential']) {
        $message = "No PowerShell Direct session to VM '{0}' is open in this host session: open the guest's driver store (Open-GuestDriverStore) again." -f $vm.Name
        return New-GpuPvFailure -Id 'driver-sync-failed' -Message $message -Category 'InvalidOperation'
    }
    try {
        $session = New-PSSession -VMId $vm.VMId -Credential $Target['Credential'] -ErrorAction Stop
    }
    catch {
        # PowerShell Direct's own words for a refused logon; the error text never holds the password.
        if ($_.ToString() -match 'credential is invalid|user name or password is incorrect|logon failure') {
            return New-GpuPvFailure -Id 'guest-credentials-rejected' -ErrorRecord $_
        }
        throw
    }
    $state = @{ Mode = 'Online'; Session = $session; GuestTemp = $null }
    try {
        $state.GuestTemp = [string] (Invoke-GpuPvGuestFiles -State $state -Action 'Temp' -Data $null)
    }
    catch {
        Remove-PSSession -Session $session -ErrorAction SilentlyContinue
        throw
    }
    # The guest answered its temp folder, where each archive is copied: an absolute path checked as
    # the extension's own host paths are, or the session is closed again.
    $temp = $state.GuestTemp.TrimEnd('\')
    if ($temp.Length -gt 1024 -or -not ($temp -cmatch $script:GpuPvHostPathPattern) -or ($temp -match $script:GpuPvDotSegmentPattern)) {
        Remove-PSSession -Session $session -ErrorAction SilentlyContinue
        return New-GpuPvGuestDataFailure -Problem 'a temp folder that is not an absolute path'
    }
    $script:GpuPvGuestTargets[$vmId] = $state
    return $state
}
