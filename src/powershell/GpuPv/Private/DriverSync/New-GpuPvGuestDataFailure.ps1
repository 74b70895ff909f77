function New-GpuPvGuestDataFailure {
    # What a guest answered or holds that the sync refuses to read or obey: more than it reads, or
    # paths that are not its own. $Problem says which; nothing was written.
    param([string] $Problem)
    if ($Problem -ceq 'TooMany') {
        $message = "The guest's Windows\System32\HostDriverStore holds more than {0} files and folders, more than the driver sync reads: this extension did not put them there. Nothing was written. Delete what does not belong there inside the guest (or the whole folder), then sync again." -f $script:GpuPvGuestLimits['StoreEntries']
        return New-GpuPvFailure -Id 'guest-data-refused' -Message $message -Category 'LimitsExceeded'
    }
    $message = "The guest answered the driver sync with something it does not accept ({0}): it was not obeyed, and nothing was written. The guest's own PowerShell may have been changed; sync with the VM off instead." -f $Problem
    return New-GpuPvFailure -Id 'guest-data-refused' -Message $message -Category 'InvalidData'
}
