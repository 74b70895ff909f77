@{
    # Hyper-V GPU-PV host module: the one entry point the VS Code extension calls (Invoke-GpuPv).
    RootModule           = 'GpuPv.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '223dd71e-9e59-4ecd-9733-2067c0fc8263'
    Author               = 'Hyper-V GPU-PV extension'
    Description          = 'Reads Hyper-V GPU partitioning state for the Hyper-V GPU-PV VS Code extension; answers one base64 JSON line per call.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    # Hyper-V is imported by the module itself, silently: a host without it still answers Get-HostFacts.
    FunctionsToExport    = @('Invoke-GpuPv')
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
