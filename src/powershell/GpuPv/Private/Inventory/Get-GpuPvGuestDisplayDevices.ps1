function Get-GpuPvGuestDisplayDevices {
    # PowerShell Direct into the running guest (Invoke-Command -VMId -Credential): its display
    # devices as Device Manager shows them, their signed-driver records, and the package folders of
    # its HostDriverStore. Filtered on the guest's side with WMI filters.
    param([hashtable] $Arguments)
    $vm = Get-VM -Id $Arguments['VMId']
    $deviceProperties = @('Name', 'PNPDeviceID', 'PNPClass', 'Status', 'ConfigManagerErrorCode', 'Present', 'Service', 'HardwareID')
    $driverProperties = @('DeviceID', 'DriverProviderName', 'DriverVersion', 'InfName')
    $guest = Invoke-Command -VMId $vm.VMId -Credential $Arguments['Credential'] -ErrorAction Stop -ArgumentList $deviceProperties, $driverProperties -ScriptBlock {
        param($DeviceProperties, $DriverProperties)
        $store = Join-Path -Path $env:SystemRoot -ChildPath 'System32\HostDriverStore\FileRepository'
        $packages = @()
        if (Test-Path -LiteralPath $store) {
            $packages = @(Get-ChildItem -LiteralPath $store -Directory | ForEach-Object { $_.Name })
        }
        $devices = @(Get-CimInstance -ClassName 'Win32_PnPEntity' -Filter "PNPClass='Display'" -Property $DeviceProperties | Select-Object -Property $DeviceProperties)
        $drivers = @(Get-CimInstance -ClassName 'Win32_PnPSignedDriver' -Filter "DeviceClass='DISPLAY'" -Property $DriverProperties | Select-Object -Property $DriverProperties)
        [pscustomobject]@{
            Devices     = $devices
            Drivers     = $drivers
            DriverStore = $packages
        }
    }
    # Deserialised objects carry PSComputerName/RunspaceId: answer only what the schema reads, and
    # bounded: whoever administers the guest chose these names and their number.
    $limits = $script:GpuPvGuestLimits
    $devices = @($guest.Devices)
    $drivers = @($guest.Drivers)
    $packages = @($guest.DriverStore)
    return [ordered]@{
        Devices     = @(for ($i = 0; $i -lt [Math]::Min($devices.Count, $limits['Devices']); $i++) {
                ConvertTo-GpuPvBoundedRecord -Record $devices[$i] -Properties $deviceProperties
            })
        Drivers     = @(for ($i = 0; $i -lt [Math]::Min($drivers.Count, $limits['Devices']); $i++) {
                ConvertTo-GpuPvBoundedRecord -Record $drivers[$i] -Properties $driverProperties
            })
        DriverStore = @(for ($i = 0; $i -lt [Math]::Min($packages.Count, $limits['StoreNames']); $i++) {
                Limit-GpuPvGuestText -Value $packages[$i] -Maximum $limits['Text']
            })
    }
}
