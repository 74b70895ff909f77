function Stop-GpuPvVm {
    # Stop-VM -VM $vm -Force (a guest shutdown without a confirmation prompt), or with -TurnOff the
    # power cut.
    param([hashtable] $Arguments)
    $vm = Get-VM -Id $Arguments['VMId']
    if ($Arguments['TurnOff']) {
        $null = Stop-VM -VM $vm -TurnOff -Force
    }
    else {
        $null = Stop-VM -VM $vm -Force
    }
    return Get-GpuPvVmInventory -VMId $Arguments['VMId']
}
