# The payload of a call: base64 of UTF-8 JSON, an object holding exactly the operation's arguments.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
}

Describe 'ConvertFrom-GpuPvPayload' {
    BeforeAll {
        $expected = @{ VMId = 'Guid'; TurnOff = 'Boolean'; Sizes = 'PartitionSizes?' }
        $vmId = '6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10'
    }

    It 'decodes the arguments, converted by kind, and leaves an absent optional one out' {
        $payload = ConvertTo-GpuPvTestPayload @{ VMId = $vmId.ToUpperInvariant(); TurnOff = $true }
        $arguments = InModuleScope GpuPv -Parameters @{ Payload = $payload; Expected = $expected } {
            ConvertFrom-GpuPvPayload -Payload $Payload -Expected $Expected
        }
        $arguments | Should -BeOfType [hashtable]
        $arguments.Keys | Sort-Object | Should -Be @('TurnOff', 'VMId')
        $arguments['VMId'] | Should -BeExactly $vmId
        $arguments['TurnOff'] | Should -BeTrue
    }

    It 'reads UInt64 digit strings exactly, beyond 2^53, as UInt64 (no floating point on the way)' {
        $json = '{{"VMId":"{0}","TurnOff":false,"Sizes":{{"MaxPartitionVRAM":"18446744073709551615","MinPartitionVRAM":"9007199254740993"}}}}' -f $vmId
        $arguments = InModuleScope GpuPv -Parameters @{ Payload = (ConvertTo-GpuPvTestPayload $json); Expected = $expected } {
            ConvertFrom-GpuPvPayload -Payload $Payload -Expected $Expected
        }
        $sizes = $arguments['Sizes']
        $sizes['MaxPartitionVRAM'] | Should -BeOfType [UInt64]
        $sizes['MaxPartitionVRAM'] | Should -Be ([UInt64]::MaxValue)
        # 2^53 + 1: a double cannot hold it and would read 9007199254740992.
        $sizes['MinPartitionVRAM'].ToString([Globalization.CultureInfo]::InvariantCulture) | Should -BeExactly '9007199254740993'
    }

    It 'treats an empty payload as no arguments' {
        $arguments = InModuleScope GpuPv { ConvertFrom-GpuPvPayload -Payload '' -Expected @{} }
        $arguments.Count | Should -Be 0
    }

    It 'refuses <Case>' -ForEach @(
        @{ Case = 'a missing required argument'; Json = '{"TurnOff":true}'; Message = 'Missing argument: VMId' }
        @{ Case = 'an unknown argument'; Json = '{"VMId":"6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10","TurnOff":true,"Force":true}'; Message = 'Unexpected argument: Force' }
        @{ Case = 'an argument named in another case'; Json = '{"vmid":"6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10","TurnOff":true}'; Message = 'Unexpected argument: vmid' }
        @{ Case = 'a JSON array'; Json = '[1,2]'; Message = 'The arguments are not a JSON object.' }
        @{ Case = 'a JSON number'; Json = '42'; Message = 'The arguments are not a JSON object.' }
        @{ Case = 'JSON null'; Json = 'null'; Message = 'The arguments are not a JSON object.' }
        @{ Case = 'a UInt64 sent as a JSON number'; Json = '{"VMId":"6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10","TurnOff":true,"Sizes":{"MaxPartitionVRAM":1000}}'; Message = 'Argument Sizes.MaxPartitionVRAM is not an unsigned integer written in decimal digits.' }
        @{ Case = 'a wrongly typed argument'; Json = '{"VMId":"6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10","TurnOff":"yes"}'; Message = 'Argument TurnOff is not true or false.' }
    ) {
        $payload = ConvertTo-GpuPvTestPayload $Json
        { InModuleScope GpuPv -Parameters @{ Payload = $payload; Expected = $expected } { ConvertFrom-GpuPvPayload -Payload $Payload -Expected $Expected } } |
            Should -Throw -ExpectedMessage ([WildcardPattern]::Escape($Message))
    }

    It 'refuses text that is not base64' {
        { InModuleScope GpuPv { ConvertFrom-GpuPvPayload -Payload 'not base64!' -Expected @{} } } | Should -Throw -ExpectedMessage '*not a valid Base-64 string*'
    }
}
