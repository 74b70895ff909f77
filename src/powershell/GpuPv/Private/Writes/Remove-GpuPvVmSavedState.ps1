function Remove-GpuPvVmSavedState {
    # Remove-VMSavedState -VM $vm: a Saved VM's memory is deleted and the VM is Off, as if its power
    # had been cut at the moment it was saved. -Confirm:$false: a prompt fails a non-interactive shell.
    param([hashtable] $Arguments)
    $vm = Get-VM -Id $Arguments['VMId']
    $null = Remove-VMSavedState -VM $vm -Confirm:$false
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}
