function New-GpuPvDisksClaimedFailure {
    # The answer while another live shell on this host has the VM's disks mounted for a sync.
    param([string] $VMId)
    $message = "Another GPU-PV session on this host (another VS Code window, a pipeline, or for a remote host the shell of " +
        "a connection lost less than a minute ago) has the disk of the VM '{0}' mounted for a driver sync: wait until it " +
        'ends, then sync again.'
    return New-GpuPvFailure -Id 'vm-disk-in-use' -Message ($message -f (Get-VM -Id $VMId).Name) -Category 'ResourceBusy'
}
