# Paths as the protocol allows them: an absolute host path, or a path relative to the guest's Windows
# folder; never a . or .. segment, a forward slash, a stream name or a control character.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')

    function Test-HostPath {
        param($Value)
        InModuleScope GpuPv -Parameters @{ Value = $Value } { ConvertFrom-GpuPvPath -Name 'P' -Value $Value -Pattern $script:GpuPvHostPathPattern }
    }
    function Test-GuestPath {
        param($Value)
        InModuleScope GpuPv -Parameters @{ Value = $Value } { ConvertFrom-GpuPvPath -Name 'P' -Value $Value -Pattern $script:GpuPvGuestPathPattern }
    }
}

Describe 'ConvertFrom-GpuPvPath' {
    It 'accepts the host path <Value>' -ForEach @(
        @{ Value = 'C:\Windows\System32\DriverStore\FileRepository\nv_dispi.inf_amd64_1a2b3c4d5e6f7a8b' }
        @{ Value = 'd:\x' }
        @{ Value = 'C:\Program Files\NVIDIA Corporation\nvapi (x64).dll' }
        @{ Value = 'C:\a..b\c.' }
    ) {
        Test-HostPath $Value | Should -BeExactly $Value
    }

    It 'refuses the host path <Value>' -ForEach @(
        @{ Value = 'Windows\System32' }
        @{ Value = '\\server\share\x' }
        @{ Value = 'C:\' }
        @{ Value = 'C:\Windows\' }
        @{ Value = 'C:\Windows\..\Users' }
        @{ Value = 'C:\Windows\.\System32' }
        @{ Value = 'C:\..' }
        @{ Value = 'C:/Windows/System32' }
        @{ Value = 'C:\Windows\x.dll:stream' }
        @{ Value = 'C:\Windows\a*b' }
        @{ Value = "C:\Windows`n\x" }
        @{ Value = 'C:\' + ('a' * 1030) }
    ) {
        { Test-HostPath $Value } | Should -Throw -ExpectedMessage ([WildcardPattern]::Escape("Argument P holds a path that is not allowed: $Value"))
    }

    It 'accepts the guest path <Value>' -ForEach @(
        @{ Value = 'System32\HostDriverStore\FileRepository\nv_dispi.inf_amd64_1a2b3c4d5e6f7a8b\nvldumdx.dll' }
        @{ Value = 'SysWOW64' }
    ) {
        Test-GuestPath $Value | Should -BeExactly $Value
    }

    It 'refuses the guest path <Value>' -ForEach @(
        @{ Value = 'C:\Windows\System32' }
        @{ Value = '\System32' }
        @{ Value = 'System32\' }
        @{ Value = '..\Users\Public' }
        @{ Value = 'System32\..\..\Users' }
        @{ Value = 'System32\.' }
        @{ Value = 'System32/drivers' }
        @{ Value = 'System32\\drivers' }
        @{ Value = '' }
        @{ Value = 42 }
        @{ Value = $null }
    ) {
        { Test-GuestPath $Value } | Should -Throw -ExpectedMessage ([WildcardPattern]::Escape("Argument P holds a path that is not allowed: $Value"))
    }
}
