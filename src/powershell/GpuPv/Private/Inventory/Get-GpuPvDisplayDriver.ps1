function Get-GpuPvDisplayDriver {
    # Signed-driver records of display devices only, filtered by WMI (an unfiltered
    # Win32_PnPSignedDriver query, or Win32_VideoController, can take seconds).
    # -Property narrows the WQL SELECT as well as the output.
    $properties = @('DeviceID', 'DeviceName', 'Description', 'DriverVersion', 'DriverProviderName', 'Manufacturer', 'InfName')
    Get-CimInstance -ClassName 'Win32_PnPSignedDriver' -Filter "DeviceClass='DISPLAY'" -Property $properties |
        Select-Object -Property $properties
}
