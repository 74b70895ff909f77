# One argument by its kind: checked, and converted to the type its cmdlet parameter takes.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')

    # The argument as ConvertFrom-Json gives it, converted in the module.
    function ConvertFrom-TestArgument {
        param([string] $Kind, [string] $Json)
        $value = (ConvertFrom-Json -InputObject ('{{"v":{0}}}' -f $Json)).v
        return InModuleScope GpuPv -Parameters @{ Kind = $Kind; Value = $value } { ConvertFrom-GpuPvArgument -Name 'A' -Kind $Kind -Value $Value }
    }
}

Describe 'ConvertFrom-GpuPvArgument' {
    It 'accepts <Kind> <Json> as <Expected>' -ForEach @(
        @{ Kind = 'Guid'; Json = '"6F1C1A0E-2B7D-4C55-9D0A-3C2E8F4B9A10"'; Expected = '6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10' }
        @{ Kind = 'AdapterId'; Json = '"Microsoft:6F1C1A0E-2B7D-4C55-9D0A-3C2E8F4B9A10\\0A1B2C3D-2B7D-4C55-9D0A-3C2E8F4B9A10"'; Expected = 'Microsoft:6F1C1A0E-2B7D-4C55-9D0A-3C2E8F4B9A10\0A1B2C3D-2B7D-4C55-9D0A-3C2E8F4B9A10' }
        @{ Kind = 'InstancePath'; Json = '"\\\\?\\PCI#VEN_10DE&DEV_2503#4&1#{064092b3-625e-43bf-9eb5-dc845897dd59}"'; Expected = '\\?\PCI#VEN_10DE&DEV_2503#4&1#{064092b3-625e-43bf-9eb5-dc845897dd59}' }
        @{ Kind = 'Boolean'; Json = 'false'; Expected = $false }
        @{ Kind = 'Text'; Json = '"hv01.contoso.com"'; Expected = 'hv01.contoso.com' }
        @{ Kind = 'Transport'; Json = '"ssh"'; Expected = 'ssh' }
        @{ Kind = 'Authentication'; Json = '"Kerberos"'; Expected = 'Kerberos' }
    ) {
        ConvertFrom-TestArgument -Kind $Kind -Json $Json | Should -BeExactly $Expected
    }

    It 'converts a partition count to UInt16, a port and a time in milliseconds to Int32' {
        $count = ConvertFrom-TestArgument -Kind 'PartitionCount' -Json '65535'
        $count | Should -BeOfType [UInt16]
        $count | Should -Be 65535
        ConvertFrom-TestArgument -Kind 'Port' -Json '5986' | Should -BeOfType [int]
        ConvertFrom-TestArgument -Kind 'Milliseconds' -Json '600000' | Should -Be 600000
    }

    It 'refuses <Kind> <Json>' -ForEach @(
        @{ Kind = 'Guid'; Json = '"not-a-guid"'; Message = 'Argument A is not a GUID.' }
        @{ Kind = 'Guid'; Json = '12'; Message = 'Argument A is not a GUID.' }
        @{ Kind = 'Guid'; Json = 'null'; Message = 'Argument A is not a GUID.' }
        @{ Kind = 'AdapterId'; Json = '"Microsoft:6F1C1A0E-2B7D-4C55-9D0A-3C2E8F4B9A10"'; Message = 'Argument A is not a GPU partition adapter id.' }
        @{ Kind = 'AdapterId'; Json = '"microsoft:6F1C1A0E-2B7D-4C55-9D0A-3C2E8F4B9A10\\0A1B2C3D-2B7D-4C55-9D0A-3C2E8F4B9A10"'; Message = 'Argument A is not a GPU partition adapter id.' }
        @{ Kind = 'InstancePath'; Json = '""'; Message = 'Argument A is not an instance path.' }
        @{ Kind = 'Boolean'; Json = '"true"'; Message = 'Argument A is not true or false.' }
        @{ Kind = 'Boolean'; Json = '1'; Message = 'Argument A is not true or false.' }
        @{ Kind = 'PartitionCount'; Json = '0'; Message = 'Argument A is not a partition count (1-65535).' }
        @{ Kind = 'PartitionCount'; Json = '65536'; Message = 'Argument A is not a partition count (1-65535).' }
        @{ Kind = 'PartitionCount'; Json = '2.5'; Message = 'Argument A is not a partition count (1-65535).' }
        @{ Kind = 'PartitionCount'; Json = '"4"'; Message = 'Argument A is not a partition count (1-65535).' }
        @{ Kind = 'Port'; Json = '70000'; Message = 'Argument A is not a port (1-65535).' }
        @{ Kind = 'Milliseconds'; Json = '999'; Message = 'Argument A is not a time in milliseconds (1000-600000).' }
        @{ Kind = 'Text'; Json = '""'; Message = 'Argument A is not a text of 1 to 1024 characters.' }
        @{ Kind = 'Transport'; Json = '"SSH"'; Message = 'Argument A must be one of: winrm, ssh' }
        @{ Kind = 'Authentication'; Json = '"Default"'; Message = 'Argument A must be one of: Negotiate, Kerberos, CredSSP, Basic' }
        @{ Kind = 'Script'; Json = '"Stop-Computer"'; Message = 'Argument A has an unknown kind: Script' }
    ) {
        { ConvertFrom-TestArgument -Kind $Kind -Json $Json } | Should -Throw -ExpectedMessage ([WildcardPattern]::Escape($Message))
    }

    It 'answers a list of host paths as an array, also with one element or none' {
        $one = ConvertFrom-TestArgument -Kind 'HostPaths' -Json '["C:\\Windows\\System32\\nvapi64.dll"]'
        , $one | Should -BeOfType [string[]]
        $one | Should -Be @('C:\Windows\System32\nvapi64.dll')
        $none = ConvertFrom-TestArgument -Kind 'GuestPaths' -Json '[]'
        , $none | Should -BeOfType [string[]]
        $none.Count | Should -Be 0
    }

    It 'refuses a list of more than 256 paths, and a path list that is not a list' {
        $many = '[' + ((1..257 | ForEach-Object { '"System32\\f{0}.dll"' -f $_ }) -join ',') + ']'
        { ConvertFrom-TestArgument -Kind 'GuestPaths' -Json $many } | Should -Throw -ExpectedMessage 'Argument A must hold 0 to 256 elements.'
        { ConvertFrom-TestArgument -Kind 'HostPaths' -Json '"C:\\Windows"' } | Should -Throw -ExpectedMessage 'Argument A is not a JSON array.'
    }
}
