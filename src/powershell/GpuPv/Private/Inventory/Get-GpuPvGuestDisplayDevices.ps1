function Get-GpuPvGuestDisplayDevices {
    # PowerShell Direct into the running guest (Invoke-Command -VMId -Credential): its display
    # devices as Device Manager shows them, their signed-driver records, and the package folders of
    # its HostDriverStore. Filtered on the guest's side with WMI filters.
    param([hashtable] $Arguments)
    $vm = Get-VM -Id $Arguments['VMId']
    $guest = Invoke-Command -VMId $vm.VMId -Credential $Arguments['Credential'] -ErrorAction Stop -ScriptBlock {
        $store = Join-Path -Path $env:SystemRoot -ChildPath 'System32\HostDriverStore\FileRepository'
        $packages = @()
        if (Test-Path -LiteralPath $store) {
            $packages = @(Get-ChildItem -LiteralPath $store -Directory | ForEach-Object { $_.Name })
        }
        $deviceProperties = @('Name', 'PNPDeviceID', 'PNPClass', 'Status', 'ConfigManagerErrorCode', 'Present', 'Service', 'HardwareID')
        $driverProperties = @('DeviceID', 'DriverProviderName', 'DriverVersion', 'InfName')
        $devices = @(Get-CimInstance -ClassName 'Win32_PnPEntity' -Filter "PNPClass='Display'" -Property $deviceProperties | Select-Object -Property $deviceProperties)
        $drivers = @(Get-CimInstance -ClassName 'Win32_PnPSignedDriver' -Filter "DeviceClass='DISPLAY'" -Property $driverProperties | Select-Object -Property $driverProperties)
        [pscustomobject]@{
            Devices     = $devices
            Drivers     = $drivers
            DriverStore = $packages
        }
    }
    # Deserialised objects carry PSComputerName/RunspaceId: answer only what the schema reads.
    return [ordered]@{
        Devices     = @($guest.Devices)
        Drivers     = @($guest.Drivers)
        DriverStore = @($guest.DriverStore)
    }
}
