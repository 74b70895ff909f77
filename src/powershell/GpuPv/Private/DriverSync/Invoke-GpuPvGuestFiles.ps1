function Invoke-GpuPvGuestFiles {
    # The guest block, on the host against the mounted volume or in the guest through its session.
    param(
        [hashtable] $State,
        [string] $Action,
        $Data
    )
    if ($State.Mode -ceq 'Online') {
        return Invoke-Command -Session $State.Session -ScriptBlock $script:GpuPvGuestFiles -ArgumentList $null, $Action, $Data
    }
    return Invoke-Command -ScriptBlock $script:GpuPvGuestFiles -ArgumentList $State.Root, $Action, $Data
}
