# The offline driver copy on real folders: the guest's Windows folder stands for the mounted volume
# (Get-GpuPvOfflineMount mocked at the Hyper-V boundary), the host files are real files.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
    $target = @{ Mode = 'Offline'; VMId = '33333333-3333-4333-8333-333333333333' }

    function New-TestVolume {
        $windows = Join-Path -Path $TestDrive -ChildPath ('{0}/Windows' -f [Guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $windows
        $state = @{ Mode = 'Offline'; Root = $windows; DiskPath = 'D:\VMs\Test\os.vhdx' }
        Mock -ModuleName GpuPv Get-GpuPvOfflineMount { $state }.GetNewClosure()
        return $windows
    }

    function New-TestHostFiles {
        # $Count host files of different sizes (one empty), each with its guest destination.
        param([int] $Count)
        $folder = Join-Path -Path $TestDrive -ChildPath ('host-{0}' -f [Guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $random = [Random]::new($Count)
        @(for ($i = 0; $i -lt $Count; $i++) {
                $bytes = [byte[]]::new(($i * 37000) % 300000)
                $random.NextBytes($bytes)
                $source = Join-Path -Path $folder -ChildPath ('file{0}.dll' -f $i)
                [IO.File]::WriteAllBytes($source, $bytes)
                @{ Source = $source; Destination = ('System32\HostDriverStore\FileRepository\pkg\sub{0}\file{1}.dll' -f ($i % 3), $i) }
            })
    }

    function Copy-TestFiles {
        param([object[]] $Files)
        InModuleScope GpuPv -Parameters @{ Target = $target; Files = $Files } {
            Copy-GpuPvDriverFilesToGuest -Arguments @{ Target = $Target; Files = $Files }
        }
    }

    function Get-TestGuestPath {
        param([string] $Windows, [string] $Destination)
        [IO.Path]::Combine($Windows, $Destination.Replace('\', [IO.Path]::DirectorySeparatorChar))
    }
}

Describe 'Copy-GpuPvDriverFilesToGuest' {
    It 'copies every file to its guest path and answers its length, SHA-256, write time and the bytes in all' {
        $windows = New-TestVolume
        $files = New-TestHostFiles -Count 12
        $answer = Copy-TestFiles -Files $files
        $answer.Files.Count | Should -Be 12
        $total = [UInt64] 0
        for ($i = 0; $i -lt $files.Count; $i++) {
            $source = Get-Item -LiteralPath $files[$i].Source
            $entry = $answer.Files[$i]
            $entry.Destination | Should -BeExactly $files[$i].Destination
            $entry.Length | Should -BeExactly $source.Length.ToString([Globalization.CultureInfo]::InvariantCulture)
            $entry.LastWriteTimeUtc | Should -BeExactly $source.LastWriteTimeUtc.Ticks.ToString([Globalization.CultureInfo]::InvariantCulture)
            $entry.Sha256 | Should -BeExactly (Get-FileHash -LiteralPath $source.FullName -Algorithm SHA256).Hash
            $copy = Get-TestGuestPath -Windows $windows -Destination $files[$i].Destination
            (Get-FileHash -LiteralPath $copy -Algorithm SHA256).Hash | Should -BeExactly $entry.Sha256
            $total += [UInt64] $source.Length
        }
        $answer.Bytes | Should -BeExactly $total.ToString([Globalization.CultureInfo]::InvariantCulture)
    }

    It 'answers the hash of what a file holds now: a file changed since an earlier copy is hashed again, the others keep theirs' {
        $null = New-TestVolume
        $files = New-TestHostFiles -Count 6
        $first = Copy-TestFiles -Files $files
        [IO.File]::WriteAllText($files[2].Source, 'a hotfix')
        $second = Copy-TestFiles -Files $files
        for ($i = 0; $i -lt $files.Count; $i++) {
            $second.Files[$i].Sha256 | Should -BeExactly (Get-FileHash -LiteralPath $files[$i].Source -Algorithm SHA256).Hash
        }
        $second.Files[2].Sha256 | Should -Not -Be $first.Files[2].Sha256
    }

    It 'hashes a file once while its length and write time stay, and again when either changes' {
        $null = New-TestVolume
        $files = @(New-TestHostFiles -Count 2)[1]
        Mock -ModuleName GpuPv Start-GpuPvSourceHashing { [pscustomobject]@{ Path = $Path } }
        Mock -ModuleName GpuPv Complete-GpuPvSourceHashing { , @('ABC123') }
        foreach ($i in 1..3) {
            (Copy-TestFiles -Files @($files)).Files[0].Sha256 | Should -BeExactly 'ABC123'
        }
        Should -Invoke -ModuleName GpuPv Start-GpuPvSourceHashing -Times 1 -Exactly
        [IO.File]::SetLastWriteTimeUtc($files.Source, [DateTime]::UtcNow.AddSeconds(5))
        $null = Copy-TestFiles -Files @($files)
        Should -Invoke -ModuleName GpuPv Start-GpuPvSourceHashing -Times 2 -Exactly
    }

    It 'fails before anything is written when a host file is missing' {
        $windows = New-TestVolume
        $files = New-TestHostFiles -Count 3
        Remove-Item -LiteralPath $files[1].Source
        { Copy-TestFiles -Files $files } | Should -Throw -ExpectedMessage ('*{0}*' -f $files[1].Source)
        Get-ChildItem -LiteralPath $windows -Recurse | Should -BeNullOrEmpty -Because 'no file was copied'
    }

    It 'hashes while the copy runs: a copy that fails answers its own error, and the hashing stops with it' {
        $null = New-TestVolume
        $files = New-TestHostFiles -Count 4
        $before = @(Get-Runspace).Count
        Mock -ModuleName GpuPv Invoke-GpuPvGuestFiles {
            # A runspace a PowerShell started is listed a moment after BeginInvoke, not at once.
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while (@(Get-Runspace).Count -le $before -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 10
            }
            throw ('the guest volume went away ({0} runspaces)' -f @(Get-Runspace).Count)
        }.GetNewClosure()
        $expected = 'the guest volume went away ({0} runspaces)' -f ($before + 1)
        { Copy-TestFiles -Files $files } | Should -Throw -ExpectedMessage $expected -Because 'the files hash in a runspace of their own during the copy'
        @(Get-Runspace).Count | Should -Be $before -Because 'the hashing runspace is disposed'
    }

    It 'completes the hashing once: a hashing that fails as it completes answers its error and is not stopped again' {
        $null = New-TestVolume
        $files = New-TestHostFiles -Count 2
        Mock -ModuleName GpuPv Start-GpuPvSourceHashing { [pscustomobject]@{ Path = $Path } }
        Mock -ModuleName GpuPv Complete-GpuPvSourceHashing { throw 'Hashing the host files answered 1 of 2 hashes.' }
        { Copy-TestFiles -Files $files } | Should -Throw -ExpectedMessage 'Hashing the host files answered 1 of 2 hashes.'
        Should -Invoke -ModuleName GpuPv Complete-GpuPvSourceHashing -Times 1 -Exactly -Because 'its runspace is disposed once, by the call that failed'
    }

    It 'answers driver-sync-failed when the guest volume is mounted by no shell' {
        Mock -ModuleName GpuPv Get-GpuPvOfflineMount { $null }
        # Nor by a shell that died: there is no mount in place to adopt.
        Mock -ModuleName GpuPv Find-GpuPvOfflineMount { $null }
        $root = Join-Path -Path $TestDrive -ChildPath ([Guid]::NewGuid().ToString('N'))
        Mock -ModuleName GpuPv Get-GpuPvMountFolderRoot { $root }.GetNewClosure()
        Mock -ModuleName GpuPv Set-GpuPvAdminOnlyAcl { }
        $reply = Copy-TestFiles -Files (New-TestHostFiles -Count 1)
        $reply['error']['id'] | Should -BeExactly 'driver-sync-failed'
    }
}
