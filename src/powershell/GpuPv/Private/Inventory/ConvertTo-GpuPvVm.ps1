function ConvertTo-GpuPvVm {
    # Get-VM projected to what GPU-PV needs. Enums become their names (.ToString()) so both
    # editions print the same; numbers stay as they are (UInt64 exact).
    param(
        $VM,
        [object[]] $Adapters
    )
    return [pscustomobject]@{
        Name                          = $VM.Name
        VMId                          = [string] $VM.VMId
        State                         = (ConvertTo-GpuPvEnumName -Value $VM.State)
        Generation                    = $VM.Generation
        Version                       = [string] $VM.Version
        CheckpointType                = (ConvertTo-GpuPvEnumName -Value $VM.CheckpointType)
        AutomaticStopAction           = (ConvertTo-GpuPvEnumName -Value $VM.AutomaticStopAction)
        AutomaticStartAction          = (ConvertTo-GpuPvEnumName -Value $VM.AutomaticStartAction)
        DynamicMemoryEnabled          = $VM.DynamicMemoryEnabled
        MemoryStartup                 = $VM.MemoryStartup
        ProcessorCount                = $VM.ProcessorCount
        GuestControlledCacheTypes     = $VM.GuestControlledCacheTypes
        LowMemoryMappedIoSpace        = $VM.LowMemoryMappedIoSpace
        HighMemoryMappedIoSpace       = $VM.HighMemoryMappedIoSpace
        # Absent on older hosts: reads as $null (no strict mode), which the schema accepts.
        HighMemoryMappedIoBaseAddress = $VM.HighMemoryMappedIoBaseAddress
        GpuPartitionAdapters          = $Adapters
        # The host's record of the last driver sync into the VM (Set-DriverSyncRecord), or $null.
        DriverSyncRecord              = (Read-GpuPvDriverSyncRecord -VMId ([string] $VM.VMId))
    }
}
