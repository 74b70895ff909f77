# The host's facts, read on this machine: PowerShell 7 on Linux, no Hyper-V module, no Windows token.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
}

Describe 'Read-GpuPvHostFacts' {
    It 'answers every fact the extension reads, off Windows too: no Hyper-V, no Windows groups, no inventory cmdlet' {
        [Environment]::OSVersion.Platform | Should -Not -Be ([PlatformID]::Win32NT) -Because 'this test describes a machine without Windows'
        $facts = InModuleScope GpuPv { Read-GpuPvHostFacts }
        @($facts.PSObject.Properties.Name) | Should -Be @(
            'ComputerName', 'OsCaption', 'OsBuild', 'OsEdition', 'PSVersion', 'PSEdition', 'HyperVModule',
            'Elevated', 'HyperVAdministrator', 'InventoryCmdlet', 'SupportsInstancePath'
        )
        $facts.ComputerName | Should -BeExactly ([Environment]::MachineName)
        $facts.PSEdition | Should -BeExactly 'Core'
        $facts.PSVersion | Should -BeExactly $PSVersionTable.PSVersion.ToString()
        $facts.HyperVModule | Should -BeFalse
        $facts.Elevated | Should -Be ([Environment]::UserName -ceq 'root') -Because 'off Windows, root is the administrator'
        $facts.HyperVAdministrator | Should -BeFalse
        $facts.InventoryCmdlet | Should -Be $null
        $facts.SupportsInstancePath | Should -BeFalse
        $facts.OsCaption | Should -Be $null
        $facts.OsEdition | Should -Be $null
    }
}
