# The shell's session key: made on the first ask, the same for the shell's life, public point only.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
}

Describe 'Get-GpuPvSessionKey' {
    It 'makes no key until asked' {
        InModuleScope GpuPv { $script:GpuPvSessionKey } | Should -Be $null
    }

    It 'answers the P-256 point and its id only, the id being the first 8 bytes of SHA-256 of 04|X|Y' {
        $key = InModuleScope GpuPv { Get-GpuPvSessionKey }
        @($key.PSObject.Properties.Name) | Should -Be @('KeyId', 'Curve', 'X', 'Y')
        $key.Curve | Should -BeExactly 'P-256'
        $point = [byte[]] (@(4) + [Convert]::FromBase64String($key.X) + [Convert]::FromBase64String($key.Y))
        $point.Length | Should -Be 65
        $key.KeyId | Should -BeExactly ([BitConverter]::ToString([System.Security.Cryptography.SHA256]::HashData($point), 0, 8).Replace('-', '').ToLowerInvariant())
    }

    It 'answers the same key on every ask, through Invoke-GpuPv as the session asks' {
        $first = InModuleScope GpuPv { Get-GpuPvSessionKey }
        $text = Invoke-GpuPv -Operation 'Get-SessionKey' -Payload (ConvertTo-GpuPvTestPayload '{}') -AsText
        $reply = ConvertFrom-Json -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($text)))
        $reply.ok | Should -BeTrue
        $reply.result.KeyId | Should -BeExactly $first.KeyId
        $reply.result.X | Should -BeExactly $first.X
    }

    It 'is gone with the module: a module loaded again (a new shell) makes a new key' {
        $before = (InModuleScope GpuPv { Get-GpuPvSessionKey }).KeyId
        . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
        (InModuleScope GpuPv { Get-GpuPvSessionKey }).KeyId | Should -Not -BeExactly $before
    }
}
