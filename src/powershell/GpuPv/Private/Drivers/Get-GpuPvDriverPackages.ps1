# Driver discovery. WMI filters every step on its own side: a full scan of the association class
# takes minutes. The paths are answered as WMI gives them; grouping them into package folders and
# loose files, and their guest paths, is src/core/drivers/discovery.ts's job.

function Get-GpuPvDriverPackages {
    # The GPU's Win32_PnPSignedDriver record (by the device ID its instance path names), the files of
    # its Win32_PnPSignedDriverCIMDataFile associations (filtered on Antecedent), the kernel service's
    # image path (Win32_PnPEntity.Service -> Win32_SystemDriver), and the file count and bytes of each
    # DriverStore package folder and loose file that exists.
    param([hashtable] $Arguments)
    $instancePath = $Arguments['InstancePath']
    if (-not ($instancePath -match '\A\\\\\?\\([^#]+)#([^#]+)#([^#]+)#\{')) {
        return New-GpuPvFailure -Id 'invalid-argument' -Message ("The instance path '{0}' does not name a PCI device." -f $instancePath) -Category 'InvalidArgument'
    }
    $deviceFilter = "DeviceID='{0}'" -f (ConvertTo-GpuPvWqlString -Value ('{0}\{1}\{2}' -f $Matches[1], $Matches[2], $Matches[3]))
    $driverProperties = @('DeviceID', 'DeviceName', 'DriverVersion', 'DriverDate', 'DriverProviderName', 'InfName', 'Manufacturer')
    $records = @(Get-CimInstance -ClassName 'Win32_PnPSignedDriver' -Filter $deviceFilter -Property $driverProperties | Select-Object -Property $driverProperties)
    if ($records.Count -eq 0) {
        return New-GpuPvFailure -Id 'hyperv-error' -Message ("Windows has no signed driver record for the GPU '{0}'." -f $instancePath) -Category 'ObjectNotFound'
    }
    $driver = $records[0]

    # The association's Antecedent is the record's object path (its key escaped as in an object path).
    $antecedent = '\\{0}\ROOT\cimv2:Win32_PnPSignedDriver.DeviceID="{1}"' -f [Environment]::MachineName, ([string] $driver.DeviceID).Replace('\', '\\').Replace('"', '\"')
    $associations = @(Get-CimInstance -ClassName 'Win32_PnPSignedDriverCIMDataFile' -Filter ("Antecedent='{0}'" -f (ConvertTo-GpuPvWqlString -Value $antecedent)))
    $files = @(foreach ($association in $associations) {
            # A CIM reference carries its key (the file's Name); Get-WmiObject would give the path text.
            $dependent = $association.Dependent
            if ($dependent -is [string]) { $dependent } else { [string] $dependent.Name }
        })

    $service = $null
    $entities = @(Get-CimInstance -ClassName 'Win32_PnPEntity' -Filter $deviceFilter -Property @('DeviceID', 'Service'))
    if ($entities.Count -gt 0 -and -not [string]::IsNullOrEmpty($entities[0].Service)) {
        $serviceFilter = "Name='{0}'" -f (ConvertTo-GpuPvWqlString -Value ([string] $entities[0].Service))
        $service = Get-CimInstance -ClassName 'Win32_SystemDriver' -Filter $serviceFilter -Property @('Name', 'PathName') | Select-Object -First 1 -Property @('Name', 'PathName')
    }

    # Measure what exists: each package folder whole, each loose file. Keys ignore case (@{}).
    $folders = @{}
    $loose = @{}
    $paths = @($files)
    if ($null -ne $service -and -not [string]::IsNullOrEmpty($service.PathName)) {
        $paths += ([string] $service.PathName).Trim('"') -replace '\A\\\?\?\\', '' -replace '\A\\SystemRoot(?=\\)', $env:SystemRoot
    }
    foreach ($path in $paths) {
        if ($path -match '\A(.*?\\DriverStore\\FileRepository\\[^\\]+)(\\|\z)') {
            $folders[$Matches[1]] = $Matches[1]
        }
        elseif ($path -match '\A[A-Za-z]:\\') {
            $loose[$path] = $path
        }
    }
    $packages = @(foreach ($folder in $folders.Values) {
            if (Test-Path -LiteralPath $folder -PathType Container) {
                $measure = Get-ChildItem -LiteralPath $folder -Recurse -File -Force | Measure-Object -Property 'Length' -Sum
                [pscustomobject]@{ Path = $folder; FileCount = [UInt64] $measure.Count; TotalBytes = [UInt64] $measure.Sum }
            }
        })
    $looseFiles = @(foreach ($file in $loose.Values) {
            if (Test-Path -LiteralPath $file -PathType Leaf) {
                [pscustomobject]@{ Path = $file; Length = [UInt64] (Get-Item -LiteralPath $file -Force).Length }
            }
        })
    return [pscustomobject]@{
        Driver     = $driver
        Service    = $service
        Files      = $files
        Packages   = $packages
        LooseFiles = $looseFiles
    }
}
