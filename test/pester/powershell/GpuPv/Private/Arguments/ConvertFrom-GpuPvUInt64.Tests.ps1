# UInt64 arguments travel as decimal digit strings: 5.1's ConvertFrom-Json reads large JSON numbers as
# doubles, which round above 2^53.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
}

Describe 'ConvertFrom-GpuPvUInt64' {
    It 'parses <Text> exactly' -ForEach @(
        @{ Text = '0' }
        @{ Text = '9007199254740993' }
        @{ Text = '18446744073709551615' }
    ) {
        $value = InModuleScope GpuPv -Parameters @{ Text = $Text } { ConvertFrom-GpuPvUInt64 -Name 'N' -Value $Text }
        $value | Should -BeOfType [UInt64]
        $value.ToString([Globalization.CultureInfo]::InvariantCulture) | Should -BeExactly $Text
    }

    It 'refuses <Case>' -ForEach @(
        @{ Case = '2^64'; Value = '18446744073709551616'; Message = 'Argument N does not fit in UInt64.' }
        @{ Case = 'a JSON number'; Value = 1000; Message = 'Argument N is not an unsigned integer written in decimal digits.' }
        @{ Case = 'a sign'; Value = '-1'; Message = 'Argument N is not an unsigned integer written in decimal digits.' }
        @{ Case = 'an exponent'; Value = '1e9'; Message = 'Argument N is not an unsigned integer written in decimal digits.' }
        @{ Case = 'a fraction'; Value = '1.0'; Message = 'Argument N is not an unsigned integer written in decimal digits.' }
        @{ Case = 'spaces'; Value = ' 1'; Message = 'Argument N is not an unsigned integer written in decimal digits.' }
        @{ Case = 'a trailing newline'; Value = "1`n"; Message = 'Argument N is not an unsigned integer written in decimal digits.' }
        @{ Case = 'Arabic-Indic digits'; Value = ([string] [char] 0x0661); Message = 'Argument N is not an unsigned integer written in decimal digits.' }
        @{ Case = 'no digits'; Value = ''; Message = 'Argument N is not an unsigned integer written in decimal digits.' }
        @{ Case = '21 digits'; Value = '000000000000000000001'; Message = 'Argument N is not an unsigned integer written in decimal digits.' }
    ) {
        { InModuleScope GpuPv -Parameters @{ Value = $Value } { ConvertFrom-GpuPvUInt64 -Name 'N' -Value $Value } } | Should -Throw -ExpectedMessage ([WildcardPattern]::Escape($Message))
    }
}
