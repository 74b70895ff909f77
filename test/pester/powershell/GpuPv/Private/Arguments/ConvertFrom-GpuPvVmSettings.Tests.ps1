# The Set-VM / Set-VMMemory values a call may change, each converted to its parameter's type.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')

    function ConvertFrom-TestSettings {
        param([string] $Json)
        $value = ConvertFrom-Json -InputObject $Json
        InModuleScope GpuPv -Parameters @{ Value = $value } { ConvertFrom-GpuPvVmSettings -Value $Value }
    }
}

Describe 'ConvertFrom-GpuPvVmSettings' {
    It 'converts each setting to the type of its parameter, in the order given' {
        $settings = ConvertFrom-TestSettings '{"HighMemoryMappedIoSpace":"34359738368","LowMemoryMappedIoSpace":"1073741824","GuestControlledCacheTypes":true,"CheckpointType":"Disabled","AutomaticStopAction":"ShutDown","DynamicMemoryEnabled":false}'
        @($settings.Keys) | Should -Be @('HighMemoryMappedIoSpace', 'LowMemoryMappedIoSpace', 'GuestControlledCacheTypes', 'CheckpointType', 'AutomaticStopAction', 'DynamicMemoryEnabled')
        $settings['HighMemoryMappedIoSpace'] | Should -BeOfType [UInt64]
        $settings['HighMemoryMappedIoSpace'] | Should -Be 34359738368
        $settings['LowMemoryMappedIoSpace'] | Should -BeOfType [UInt32]
        $settings['GuestControlledCacheTypes'] | Should -BeTrue
        $settings['CheckpointType'] | Should -BeExactly 'Disabled'
        $settings['DynamicMemoryEnabled'] | Should -BeFalse
    }

    It 'refuses <Case>' -ForEach @(
        @{ Case = 'no setting'; Json = '{}'; Message = 'Argument Settings has no setting to change.' }
        @{ Case = 'an unknown setting'; Json = '{"MemoryStartup":"4294967296"}'; Message = 'Unexpected setting: MemoryStartup' }
        @{ Case = 'a low MMIO space of 4 GB'; Json = '{"LowMemoryMappedIoSpace":"4294967296"}'; Message = 'Argument Settings.LowMemoryMappedIoSpace does not fit in UInt32 (below 4 GB).' }
        @{ Case = 'an enum name in another case'; Json = '{"CheckpointType":"disabled"}'; Message = 'Argument Settings.CheckpointType must be one of: Disabled, Production, ProductionOnly, Standard' }
        @{ Case = 'a stop action Hyper-V does not have'; Json = '{"AutomaticStopAction":"Hibernate"}'; Message = 'Argument Settings.AutomaticStopAction must be one of: TurnOff, Save, ShutDown' }
    ) {
        { ConvertFrom-TestSettings $Json } | Should -Throw -ExpectedMessage ([WildcardPattern]::Escape($Message))
    }
}
