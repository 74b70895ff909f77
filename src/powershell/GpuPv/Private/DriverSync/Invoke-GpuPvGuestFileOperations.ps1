function Invoke-GpuPvGuestFileOperations {
    # The steps in order, in one go (online: one Invoke-Command for the batch); the first failure
    # stops the rest and is answered with its index and path.
    param([hashtable] $Arguments)
    $state = Resolve-GpuPvGuestTarget -Target $Arguments['Target']
    if (Test-GpuPvFailure -Value $state) {
        return $state
    }
    $steps = @($Arguments['Steps'])
    $outcome = Invoke-GpuPvGuestFiles -State $state -Action 'Steps' -Data $steps
    $done = [int] $outcome.Done
    if (-not [string]::IsNullOrEmpty([string] $outcome.Failure)) {
        $message = "Guest file step {0} of {1} (index {2}: {3} '{4}') failed, after {2} step(s) done: {5}" -f ($done + 1), $steps.Count, $done, $outcome.Op, $outcome.Path, $outcome.Failure
        return New-GpuPvFailure -Id 'driver-sync-failed' -Message $message -Category 'WriteError'
    }
    return [pscustomobject]@{ Done = $done }
}
