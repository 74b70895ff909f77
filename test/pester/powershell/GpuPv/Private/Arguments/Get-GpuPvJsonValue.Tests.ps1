# Reading a property of decoded JSON that may be absent, the same with and without strict mode.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
}

Describe 'Get-GpuPvJsonValue' {
    BeforeAll {
        $object = ConvertFrom-Json -InputObject '{"Text":"a","One":["x"],"None":[],"Null":null}'
    }

    It 'answers $null for a property the object does not have, where strict mode forbids reading it' {
        InModuleScope GpuPv -Parameters @{ Object = $object } {
            { $Object.Missing } | Should -Throw -Because 'the module runs under Set-StrictMode -Version Latest here'
            Get-GpuPvJsonValue -Value $Object -Name 'Missing' | Should -Be $null
            Get-GpuPvJsonValue -Value $Object -Name 'Null' | Should -Be $null
        }
    }

    It 'answers a value as it is: text as text, a list of one or none still a list' {
        InModuleScope GpuPv -Parameters @{ Object = $object } {
            Get-GpuPvJsonValue -Value $Object -Name 'Text' | Should -BeExactly 'a'
            $one = Get-GpuPvJsonValue -Value $Object -Name 'One'
            , $one | Should -BeOfType [object[]]
            $one.Count | Should -Be 1
            $none = Get-GpuPvJsonValue -Value $Object -Name 'None'
            , $none | Should -BeOfType [object[]]
            $none.Count | Should -Be 0
        }
    }
}
