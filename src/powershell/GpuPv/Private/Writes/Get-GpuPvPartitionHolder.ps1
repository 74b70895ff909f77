function Get-GpuPvPartitionHolder {
    # Names of the VMs whose configuration holds a partition of the GPU, running or not: an adapter
    # pinned to its instance path, or one without an instance path (Windows 10 does not report it)
    # when the GPU is Hyper-V's default, the first partitionable one.
    param(
        $Gpu,
        $DefaultGpu
    )
    $gpuName = [string] $Gpu.Name
    $isDefault = ($null -ne $DefaultGpu) -and ([string] $DefaultGpu.Name -eq $gpuName)
    $vms = @(Get-VM)
    $table = Get-GpuPvAdapterTable -VM $vms
    $names = New-Object -TypeName 'System.Collections.ArrayList'
    foreach ($vm in $vms) {
        foreach ($adapter in (Get-GpuPvAdapterList -Table $table -VMId $vm.VMId)) {
            $path = [string] $adapter.InstancePath
            $holds = ($path -eq $gpuName) -or ([string]::IsNullOrEmpty($path) -and $isDefault)
            if ($holds -and -not ($names -contains $vm.Name)) {
                [void] $names.Add($vm.Name)
            }
        }
    }
    return , $names.ToArray()
}
