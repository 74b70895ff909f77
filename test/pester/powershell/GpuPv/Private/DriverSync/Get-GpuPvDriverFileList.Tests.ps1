# The host side of a driver sync, on real files: what the listing answers of each file, and what the
# copy answers of a source before it is hashed.
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
    It 'answers the length and ticks the listing answers; a file not hashed yet waits for the hashing, listed once' {
        $source = Join-Path -Path $TestDrive -ChildPath 'hash/nvldumdx.dll'
        New-GpuPvTestFile -Path $source -Text 'abc'
        $found = InModuleScope GpuPv -Parameters @{ Source = $source } {
            $unhashed = New-Object -TypeName 'System.Collections.Specialized.OrderedDictionary'
            $waiting = New-Object -TypeName 'System.Collections.ArrayList'
            $files = @(foreach ($destination in @('System32\nvldumdx.dll', 'SysWOW64\nvldumdx.dll')) {
                    Get-GpuPvSourceFile -Source $Source -Destination $destination -Unhashed $unhashed -Waiting $waiting
                })
            [pscustomobject]@{ Files = $files; Unhashed = @($unhashed.Values); Waiting = $waiting.Count }
        }
        $found.Files[0].Sha256 | Should -BeNullOrEmpty
        $found.Files[0].Length | Should -BeExactly '3'
        $found.Files[0].LastWriteTimeUtc | Should -BeExactly $writeTime.Ticks.ToString([Globalization.CultureInfo]::InvariantCulture)
        $found.Files[1].Destination | Should -BeExactly 'SysWOW64\nvldumdx.dll'
        $found.Unhashed | Should -Be @((Get-Item -LiteralPath $source).FullName) -Because 'one file, hashed once'
        $found.Waiting | Should -Be 2 -Because 'both answers get its hash'
    }
}
