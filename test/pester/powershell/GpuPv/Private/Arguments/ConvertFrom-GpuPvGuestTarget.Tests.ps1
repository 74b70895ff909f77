# Where a driver-sync call works: the VM's disk mounted on the host (Offline) or the running guest (Online).
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Protect-GpuPvTestSecret.ps1')

    function ConvertFrom-TestTarget {
        param([string] $Json)
        $value = ConvertFrom-Json -InputObject $Json
        InModuleScope GpuPv -Parameters @{ Value = $value } { ConvertFrom-GpuPvGuestTarget -Value $Value }
    }
}

Describe 'ConvertFrom-GpuPvGuestTarget' {
    It 'reads an offline target: the VM only' {
        $target = ConvertFrom-TestTarget '{"Mode":"Offline","VMId":"6F1C1A0E-2B7D-4C55-9D0A-3C2E8F4B9A10"}'
        $target['Mode'] | Should -BeExactly 'Offline'
        $target['VMId'] | Should -BeExactly '6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10'
        $target['Credential'] | Should -Be $null
    }

    It 'reads an online target with the credential that opens the session, and without it for the later calls' {
        $sealed = Protect-GpuPvTestSecret -Text 'gpupv'
        $opening = ConvertFrom-TestTarget ('{"Mode":"Online","VMId":"6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10","Credential":{"UserName":"dev","Password":"' + $sealed + '"}}')
        $opening['Credential'].UserName | Should -BeExactly 'dev'
        $opening['Credential'].GetNetworkCredential().Password | Should -BeExactly 'gpupv'
        $later = ConvertFrom-TestTarget '{"Mode":"Online","VMId":"6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10"}'
        $later['Mode'] | Should -BeExactly 'Online'
        $later['Credential'] | Should -Be $null
    }

    It 'refuses <Case>' -ForEach @(
        @{ Case = 'no mode'; Json = '{"VMId":"6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10"}'; Message = 'Argument Target.Mode must be Offline or Online.' }
        @{ Case = 'a mode in another case'; Json = '{"Mode":"offline","VMId":"6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10"}'; Message = 'Argument Target.Mode must be Offline or Online.' }
        @{ Case = 'a credential for an offline target'; Json = '{"Mode":"Offline","VMId":"6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10","Credential":{"UserName":"dev","Password":"gpupv"}}'; Message = 'Argument Target has an unexpected property: Credential' }
        @{ Case = 'no VM'; Json = '{"Mode":"Online"}'; Message = 'Argument Target has no VMId.' }
        @{ Case = 'a VM that is not a GUID'; Json = '{"Mode":"Offline","VMId":"Build-Agent"}'; Message = 'Argument Target.VMId is not a GUID.' }
    ) {
        { ConvertFrom-TestTarget $Json } | Should -Throw -ExpectedMessage ([WildcardPattern]::Escape($Message))
    }
}
