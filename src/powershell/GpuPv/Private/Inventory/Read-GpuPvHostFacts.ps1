function Read-GpuPvHostFacts {
    # Windows has the registry key and a Windows token; PowerShell 7 on another system (the tests'
    # Linux machines) has neither, and answers the same facts with those values empty or false.
    $onWindows = [Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT
    $productName = $null
    $build = $null
    $editionId = $null
    $currentVersion = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ErrorAction SilentlyContinue
    if ($null -ne $currentVersion) {
        $productName = $currentVersion.ProductName
        $build = $currentVersion.CurrentBuildNumber
        $editionId = $currentVersion.EditionID
    }

    $caption = $null
    try {
        $caption = (Get-CimInstance -ClassName 'Win32_OperatingSystem' -Property 'Caption' -ErrorAction Stop).Caption
    }
    catch {
        # Only the display name is lost; the registry's ProductName says "Windows 10" on Windows 11.
        $caption = $productName
    }
    if ([string]::IsNullOrEmpty($build)) {
        $build = [Environment]::OSVersion.Version.Build
    }

    $edition = 'Desktop'
    if ($PSVersionTable.PSEdition) {
        $edition = [string] $PSVersionTable.PSEdition
    }

    $elevated = $false
    $hyperVAdministrator = $false
    if ($onWindows) {
        $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
        $principal = New-Object -TypeName 'Security.Principal.WindowsPrincipal' -ArgumentList $identity
        $elevated = $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
        # Hyper-V Administrators (well-known SID S-1-5-32-578) among the token's enabled groups.
        $hyperVAdministrator = @($identity.Groups | Where-Object -FilterScript { $_.Value -eq 'S-1-5-32-578' }).Count -gt 0
    }
    else {
        # Elsewhere the administrator is root (a remote host over SSH in the tests signs in as root).
        $elevated = [Environment]::UserName -ceq 'root'
    }

    $addAdapter = Get-Command -Name 'Add-VMGpuPartitionAdapter' -ErrorAction SilentlyContinue
    $supportsInstancePath = ($null -ne $addAdapter) -and $addAdapter.Parameters.ContainsKey('InstancePath')

    return [pscustomobject]@{
        ComputerName         = [Environment]::MachineName
        OsCaption            = $caption
        OsBuild              = $build
        OsEdition            = $editionId
        PSVersion            = $PSVersionTable.PSVersion.ToString()
        PSEdition            = $edition
        HyperVModule         = $script:HyperVModuleLoaded
        Elevated             = $elevated
        HyperVAdministrator  = $hyperVAdministrator
        InventoryCmdlet      = (Get-GpuPvInventoryCmdlet)
        SupportsInstancePath = $supportsInstancePath
    }
}
