# The host side of a driver sync, on real files: what the listing answers of each file, and the SHA-256
# of a copied file's source, computed once per path, length and write time.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
    # A write time whose ticks are above 2^53: a double would round them.
    $writeTime = [DateTime]::new(2026, 12, 2, 22, 7, 58, [DateTimeKind]::Utc).AddTicks(1234567)

    function New-GpuPvTestFile {
        param([string] $Path, [string] $Text)
        $null = New-Item -ItemType Directory -Path ([IO.Path]::GetDirectoryName($Path)) -Force
        [IO.File]::WriteAllText($Path, $Text)
        [IO.File]::SetLastWriteTimeUtc($Path, $writeTime)
    }
}

Describe 'Get-GpuPvDriverFileList' {
    It 'lists every file of a package folder at any depth, hidden ones too, with length and ticks as digit strings' {
        $package = Join-Path -Path $TestDrive -ChildPath 'nv_dispi.inf_amd64_1'
        New-GpuPvTestFile -Path (Join-Path -Path $package -ChildPath 'nvldumdx.dll') -Text 'driver'
        New-GpuPvTestFile -Path (Join-Path -Path $package -ChildPath 'sub/.hidden.bin') -Text 'hidden file'
        $loose = Join-Path -Path $TestDrive -ChildPath 'nvapi64.dll'
        New-GpuPvTestFile -Path $loose -Text 'loose'
        $missing = Join-Path -Path $TestDrive -ChildPath 'gone'

        $list = InModuleScope GpuPv -Parameters @{ Folders = @($package, $missing); Files = @($loose, $missing) } {
            Get-GpuPvDriverFileList -Arguments @{ Folders = $Folders; Files = $Files }
        }
        $ticks = $writeTime.Ticks.ToString([Globalization.CultureInfo]::InvariantCulture)
        $files = @($list.Folders[0].Files | Sort-Object -Property RelativePath)
        # Member enumeration would read the array's own Length: each file's property is read by name.
        # '\'-separated on every platform: the guest path the sync builds from it is a Windows path.
        $files | ForEach-Object { $_.RelativePath } | Should -Be @('nvldumdx.dll', 'sub\.hidden.bin')
        $files | ForEach-Object { $_.Length } | Should -Be @('6', '11')
        $files | ForEach-Object { $_.LastWriteTimeUtc } | Should -Be @($ticks, $ticks)
        $files[0].Length | Should -BeOfType [string]
        @($list.Folders[1].Files) | Should -HaveCount 0 -Because 'a folder that is not there has no files'
        $list.Files[0].Length | Should -BeExactly '5'
        $list.Files[0].LastWriteTimeUtc | Should -BeExactly $ticks
        $list.Files[1].Length | Should -BeNullOrEmpty
        $list.Files[1].LastWriteTimeUtc | Should -BeNullOrEmpty
    }
}

Describe 'Get-GpuPvSourceFile' {
    It "answers the file's SHA-256 in capitals, with the length and ticks the listing answers" {
        $source = Join-Path -Path $TestDrive -ChildPath 'hash/nvldumdx.dll'
        New-GpuPvTestFile -Path $source -Text 'abc'
        $file = InModuleScope GpuPv -Parameters @{ Source = $source } { Get-GpuPvSourceFile -Source $Source -Destination 'System32\nvldumdx.dll' }
        # SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        $file.Sha256 | Should -BeExactly 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD'
        $file.Length | Should -BeExactly '3'
        $file.LastWriteTimeUtc | Should -BeExactly $writeTime.Ticks.ToString([Globalization.CultureInfo]::InvariantCulture)
        $file.Destination | Should -BeExactly 'System32\nvldumdx.dll'
    }

    It 'hashes a file once while its length and write time stay, and again when either changes' {
        $source = Join-Path -Path $TestDrive -ChildPath 'cache/nvldumdx.dll'
        New-GpuPvTestFile -Path $source -Text 'first'
        Mock -ModuleName GpuPv Get-FileHash { [pscustomobject]@{ Hash = 'abc123' } }
        foreach ($i in 1..3) {
            $file = InModuleScope GpuPv -Parameters @{ Source = $source } { Get-GpuPvSourceFile -Source $Source -Destination 'x.dll' }
            $file.Sha256 | Should -BeExactly 'ABC123'
        }
        Should -Invoke -ModuleName GpuPv Get-FileHash -Times 1 -Exactly
        [IO.File]::SetLastWriteTimeUtc($source, $writeTime.AddSeconds(1))
        $null = InModuleScope GpuPv -Parameters @{ Source = $source } { Get-GpuPvSourceFile -Source $Source -Destination 'x.dll' }
        Should -Invoke -ModuleName GpuPv Get-FileHash -Times 2 -Exactly
    }
}
