function Invoke-GpuPvGuestFileOperations {
    # The steps in order, in one go (online: one Invoke-Command for the batch); the first failure
    # stops the rest and is answered with its index and path. Online the answer comes from the
    # running guest: its count, path and text are checked and bounded before they go into a message.
    param([hashtable] $Arguments)
    $state = Resolve-GpuPvGuestTarget -Target $Arguments['Target']
    if (Test-GpuPvFailure -Value $state) {
        return $state
    }
    $steps = @($Arguments['Steps'])
    $outcome = Invoke-GpuPvGuestFiles -State $state -Action 'Steps' -Data $steps
    $done = $outcome.Done
    if (-not ($done -is [int]) -or $done -lt 0 -or $done -gt $steps.Count) {
        return New-GpuPvGuestDataFailure -Problem 'a count of steps done that is not one'
    }
    if ($null -ne $outcome.Link) {
        if (-not (Test-GpuPvGuestAnswerPath -Value $outcome.Link)) {
            return New-GpuPvGuestDataFailure -Problem 'a link at a path that is not one'
        }
        return New-GpuPvLinkFailure -Path $outcome.Link -When 'step'
    }
    if (-not [string]::IsNullOrEmpty([string] $outcome.Failure)) {
        $subject = $outcome.Path
        if (-not (Test-GpuPvGuestAnswerPath -Value $subject)) {
            $subject = '?'
        }
        $op = [string] $steps[[Math]::Min($done, $steps.Count - 1)]['Op']
        $failure = Limit-GpuPvGuestText -Value $outcome.Failure -Maximum $script:GpuPvGuestLimits['FailureText']
        $message = "Guest file step {0} of {1} (index {2}: {3} '{4}') failed, after {5} done: {6}" -f ($done + 1), $steps.Count, $done, $op, $subject, (Format-GpuPvCount -Count $done -One 'step'), $failure
        return New-GpuPvFailure -Id 'driver-sync-failed' -Message $message -Category 'WriteError'
    }
    if ($done -ne $steps.Count) {
        return New-GpuPvGuestDataFailure -Problem 'fewer steps done than asked, without a failure'
    }
    return [pscustomobject]@{ Done = $done }
}
