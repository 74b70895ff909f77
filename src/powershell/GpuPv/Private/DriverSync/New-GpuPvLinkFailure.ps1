function New-GpuPvLinkFailure {
    # A link (junction, symbolic link) on a path the sync works on, met when the store was read
    # ('read': nothing was written) or before a step ('step'). $Path is relative to the Windows folder.
    param(
        [string] $Path,
        [string] $When
    )
    $display = 'Windows'
    if (-not [string]::IsNullOrEmpty($Path)) {
        $display = 'Windows\' + $Path
    }
    $outcome = 'The sync stopped before that step.'
    if ($When -ceq 'read') {
        $outcome = 'Nothing was written.'
    }
    $message = "A link (junction or symbolic link) is at {0} on the guest's volume. The driver sync never follows one: it could lead outside the guest. {1} Delete it in the guest, then sync again." -f $display, $outcome
    return New-GpuPvFailure -Id 'guest-reparse-point' -Message $message -Category 'SecurityError'
}
