# As ConvertFrom-GpuPvUInt64, for the one parameter that takes a UInt32.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
}

Describe 'ConvertFrom-GpuPvUInt32' {
    It 'parses 4294967295 and refuses 4294967296 (Set-VM -LowMemoryMappedIoSpace takes a UInt32)' {
        $value = InModuleScope GpuPv { ConvertFrom-GpuPvUInt32 -Name 'N' -Value '4294967295' }
        $value | Should -BeOfType [UInt32]
        $value | Should -Be ([UInt32]::MaxValue)
        { InModuleScope GpuPv { ConvertFrom-GpuPvUInt32 -Name 'N' -Value '4294967296' } } | Should -Throw -ExpectedMessage 'Argument N does not fit in UInt32 (below 4 GB).'
    }

    It 'refuses <Case>, as ConvertFrom-GpuPvUInt64 does' -ForEach @(
        @{ Case = 'a JSON number'; Value = 1000 }
        @{ Case = 'a sign'; Value = '+1' }
        @{ Case = 'an exponent'; Value = '1e3' }
        @{ Case = 'a group separator'; Value = '1,000' }
        @{ Case = 'a trailing newline'; Value = "1`n" }
        @{ Case = '11 digits'; Value = '00000000001' }
    ) {
        { InModuleScope GpuPv -Parameters @{ Value = $Value } { ConvertFrom-GpuPvUInt32 -Name 'N' -Value $Value } } |
            Should -Throw -ExpectedMessage 'Argument N is not an unsigned integer written in decimal digits.'
    }
}
