# The SHA-256 of host files, hashed in a runspace of their own (Start-GpuPvSourceHashing) and collected.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')

    function Get-TestHashes {
        param([string[]] $Path)
        InModuleScope GpuPv -Parameters @{ Path = $Path } {
            Complete-GpuPvSourceHashing -Hashing (Start-GpuPvSourceHashing -Path $Path)
        }
    }
}

Describe 'Complete-GpuPvSourceHashing' {
    It "answers each file's SHA-256 in capitals, in the order of the paths" {
        $abc = Join-Path -Path $TestDrive -ChildPath 'abc.dll'
        [IO.File]::WriteAllText($abc, 'abc')
        $empty = Join-Path -Path $TestDrive -ChildPath 'empty.dll'
        [IO.File]::WriteAllBytes($empty, [byte[]]::new(0))
        # SHA-256 of "abc" (FIPS 180-2, appendix B.1) and of nothing.
        $hashes = Get-TestHashes -Path @($abc, $empty, $abc)
        $hashes | Should -Be @(
            'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD'
            'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855'
            'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD'
        )
    }

    It 'fails with the read error itself, on no stream, when a file cannot be read' {
        $gone = Join-Path -Path $TestDrive -ChildPath 'gone.dll'
        $failure = $null
        $streams = @(try {
                Get-TestHashes -Path @($gone) *>&1
            }
            catch {
                $failure = $_
            })
        $streams | Should -HaveCount 0
        $failure.Exception.Message | Should -BeLike ('*{0}*' -f $gone)
    }

    It 'leaves no runspace behind, whether it collects or discards' {
        $abc = Join-Path -Path $TestDrive -ChildPath 'abc.dll'
        [IO.File]::WriteAllText($abc, 'abc')
        $before = @(Get-Runspace).Count
        $null = Get-TestHashes -Path @($abc)
        InModuleScope GpuPv -Parameters @{ Path = $abc } {
            Complete-GpuPvSourceHashing -Hashing (Start-GpuPvSourceHashing -Path @($Path)) -Discard
        }
        @(Get-Runspace).Count | Should -Be $before
    }
}
