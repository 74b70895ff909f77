# A hostile guest against the module's own code, on real folders with real symbolic links (which .NET
# reports with the ReparsePoint attribute on Linux, as it does a junction on Windows): the guest block
# and the DriverSync functions as the built module holds them, with only the Hyper-V boundary mocked
# (HostileGuest.Support.ps1). The cases are the mocha suite's (test/fixtures/hostile-guest/cases.json).
# For each: the sync refuses or ignores as it should, no byte of the decoy standing in for the host's
# System32 changes, nothing is written in the guest when it refuses, and the message is the case's.
BeforeDiscovery {
    $casesPath = [IO.Path]::Combine($PSScriptRoot, '..', '..', '..', 'fixtures', 'hostile-guest', 'cases.json')
    $cases = Get-Content -Raw -LiteralPath $casesPath | ConvertFrom-Json
    $linkCases = @(foreach ($link in $cases.links) { @{ Name = $link.name; At = $link.at.Replace('{package}', $cases.example.packageName); Kind = $link.kind } })
    $touched = @(foreach ($entry in $cases.touchedPaths) { @{ Path = $entry.path; How = $entry.how } })
    $journalCases = @(foreach ($journal in $cases.journals) { @{ Name = $journal.name; Journal = $journal } })
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Import-GpuPvBuiltModule.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'HostileGuest.Support.ps1')
    $guestBlock = InModuleScope GpuPv { $script:GpuPvGuestFiles }
    $offline = @{ Mode = 'Offline'; VMId = $gpuPvTestVmId }
    $looseFiles = @($gpuPvHostileCases.example.looseFile)

    function Open-TestStore {
        InModuleScope GpuPv -Parameters @{ Target = $offline; Loose = $looseFiles } {
            Open-GpuPvGuestDriverStore -Arguments @{ Target = $Target; LooseFiles = $Loose }
        }
    }
}

Describe 'A hostile guest against the module on real folders' {
    Context 'a link planted on the guest volume, pointing outside it' {
        It 'at <Name>: Open-GuestDriverStore refuses before anything is written, and dismounts' -ForEach $linkCases {
            $guest = New-GpuPvTestGuest
            $target = $guest.Decoy
            if ($Kind -eq 'file') {
                $target = Join-Path -Path $guest.Decoy -ChildPath ([IO.Path]::GetFileName((ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath $At)))
            }
            Set-GpuPvTestLink -At (ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath $At) -Target $target
            Use-GpuPvTestOfflineVolume -Windows $guest.Windows
            $decoyBefore = Get-GpuPvTestDigest -Path $guest.Decoy
            $volumeBefore = Get-GpuPvTestDigest -Path $guest.Volume

            $reply = Open-TestStore

            Get-GpuPvTestDigest -Path $guest.Decoy | Should -BeExactly $decoyBefore -Because 'no byte outside the guest volume changes'
            Get-GpuPvTestDigest -Path $guest.Volume | Should -BeExactly $volumeBefore -Because 'nothing is written in the guest'
            $reply.ok | Should -BeFalse
            $reply.error.id | Should -BeExactly 'guest-reparse-point'
            $reply.error.message | Should -BeExactly (Format-GpuPvTestLinkMessage -At $At)
            Should -Invoke -ModuleName GpuPv Dismount-GpuPvVmDisks -Times 1 -Exactly
        }

        It 'on every path the sync can touch (<Path>): a link at any component refuses the step that would touch it' -ForEach $touched {
            $guest = New-GpuPvTestGuest
            $decoyBefore = Get-GpuPvTestDigest -Path $guest.Decoy
            $segments = $Path.Split('\')
            $components = @('') + @(for ($i = 1; $i -le $segments.Length; $i++) { [string]::Join('\', $segments, 0, $i) })
            foreach ($component in $components) {
                # A fresh volume holding only the folders down to the link.
                $windows = Join-Path -Path $guest.Root -ChildPath ('vol-{0}/Windows' -f [Guid]::NewGuid().ToString('N'))
                $at = ConvertTo-GpuPvTestDiskPath -Windows $windows -GuestPath $component
                $null = [IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($at))
                $null = [IO.Directory]::CreateSymbolicLink($at, $guest.Decoy)
                $answer = & $guestBlock $windows 'Steps' @(@{ Op = 'Write'; Path = $Path; ContentBase64 = 'aGk=' })
                $answer.Link | Should -BeExactly $component -Because "a link at '$component' lies on the way to $Path"
                $answer.Done | Should -Be 0
            }
            Get-GpuPvTestDigest -Path $guest.Decoy | Should -BeExactly $decoyBefore
        }

        It 'Invoke-GuestFileOperations names the link and stops before the step' {
            $guest = New-GpuPvTestGuest
            $run = 'System32\HostDriverStore\.gpupv-sync\' + $gpuPvHostileCases.example.run
            Set-GpuPvTestLink -At (ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath $run) -Target $guest.Decoy
            Use-GpuPvTestOfflineVolume -Windows $guest.Windows
            $decoyBefore = Get-GpuPvTestDigest -Path $guest.Decoy
            $steps = @(@{ Op = 'Write'; Path = "$run\staging\x.dll"; ContentBase64 = 'aGk=' })
            $reply = InModuleScope GpuPv -Parameters @{ Target = $offline; Steps = $steps } {
                Invoke-GpuPvGuestFileOperations -Arguments @{ Target = $Target; Steps = $Steps }
            }
            $reply.error.id | Should -BeExactly 'guest-reparse-point'
            $reply.error.message | Should -BeExactly (Format-GpuPvTestLinkMessage -At $run -Outcome 'The sync stopped before that step.')
            Get-GpuPvTestDigest -Path $guest.Decoy | Should -BeExactly $decoyBefore
        }

        It 'Copy-DriverFilesToGuest checks every destination before the first byte: a link refuses the whole batch' {
            $guest = New-GpuPvTestGuest
            $hostFile = Join-Path -Path $guest.Root -ChildPath 'host-nvldumdx.dll'
            [IO.File]::WriteAllText($hostFile, 'the host driver')
            $staging = 'System32\HostDriverStore\.gpupv-sync\' + $gpuPvHostileCases.example.run + '\staging'
            Set-GpuPvTestLink -At (ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath "$staging\b") -Target $guest.Decoy
            Use-GpuPvTestOfflineVolume -Windows $guest.Windows
            $decoyBefore = Get-GpuPvTestDigest -Path $guest.Decoy
            $files = @(
                @{ Source = $hostFile; Destination = "$staging\a\nvldumdx.dll" }
                @{ Source = $hostFile; Destination = "$staging\b\nvldumdx.dll" }
            )
            $reply = InModuleScope GpuPv -Parameters @{ Target = $offline; Files = $files } {
                Copy-GpuPvDriverFilesToGuest -Arguments @{ Target = $Target; Files = $Files }
            }
            $reply.error.id | Should -BeExactly 'guest-reparse-point'
            $reply.error.message | Should -BeExactly (Format-GpuPvTestLinkMessage -At "$staging\b" -Outcome 'The sync stopped before that step.')
            Test-Path -LiteralPath (ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath "$staging\a") | Should -BeFalse -Because 'nothing was copied'
            Get-GpuPvTestDigest -Path $guest.Decoy | Should -BeExactly $decoyBefore
        }

        It 'removes a link as the link and walks a real folder at every level; the link targets keep every byte' {
            $guest = New-GpuPvTestGuest
            $work = 'System32\HostDriverStore\.gpupv-sync'
            $run = ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath "$work\run-1\staging\pkg"
            $null = New-Item -ItemType Directory -Path $run -Force
            [IO.File]::WriteAllText((Join-Path -Path $run -ChildPath 'a.dll'), 'staged')
            Set-GpuPvTestLink -At (Join-Path -Path $run -ChildPath 'evil') -Target $guest.Decoy
            Set-GpuPvTestLink -At (Join-Path -Path $run -ChildPath 'hosts') -Target (Join-Path -Path $guest.Decoy -ChildPath 'drivers/etc/hosts')
            Set-GpuPvTestLink -At (ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath "$work\run-2") -Target $guest.Decoy
            $decoyBefore = Get-GpuPvTestDigest -Path $guest.Decoy
            $answer = & $guestBlock $guest.Windows 'Steps' @(@{ Op = 'Remove'; Path = $work })
            $answer.Done | Should -Be 1
            $answer.Failure | Should -Be $null
            Test-Path -LiteralPath (ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath $work) | Should -BeFalse
            Get-GpuPvTestDigest -Path $guest.Decoy | Should -BeExactly $decoyBefore
        }

        It 'hard-links only a file whose own attributes were checked: a file that is a link is refused' {
            $guest = New-GpuPvTestGuest
            $from = 'System32\HostDriverStore\FileRepository\' + $gpuPvHostileCases.example.packageName + '\nvldumdx.dll'
            Set-GpuPvTestLink -At (ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath $from) -Target (Join-Path -Path $guest.Decoy -ChildPath 'config/SAM')
            $to = 'System32\HostDriverStore\.gpupv-sync\run-1\staging\nvldumdx.dll'
            $answer = & $guestBlock $guest.Windows 'Steps' @(@{ Op = 'Link'; From = $from; To = $to })
            $answer.Link | Should -BeExactly $from
            Test-Path -LiteralPath (ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath $to) | Should -BeFalse
        }
    }

    Context 'a manifest of a million entries' {
        It 'a million package names (4 MB, within the size the sync reads) reach the core as text, whose schema refuses them' {
            $guest = New-GpuPvTestGuest
            $names = [string]::Join(',', [Linq.Enumerable]::Repeat('"a"', 1000000))
            $text = '{"format":"gpupv-driver-manifest","version":1,"pendingRemoval":[' + $names + ']}'
            [IO.File]::WriteAllText((ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath 'System32\HostDriverStore\gpupv-manifest.json'), $text)
            Use-GpuPvTestOfflineVolume -Windows $guest.Windows
            $decoyBefore = Get-GpuPvTestDigest -Path $guest.Decoy
            $reply = Open-TestStore
            $reply.Manifest.Length | Should -Be $text.Length
            $reply.Manifest.Length | Should -BeLessOrEqual 4194304
            @($reply.Oversized).Count | Should -Be 0
            Get-GpuPvTestDigest -Path $guest.Decoy | Should -BeExactly $decoyBefore
        }

        It 'a million files (over 80 MB) are not read at all: the manifest is named as oversized' {
            $guest = New-GpuPvTestGuest
            $file = '{"path":"a.dll","length":"1","sha256":"' + ('0' * 64) + '","hostWriteTime":"1"}'
            $text = '{"format":"gpupv-driver-manifest","packages":[{"name":"p","files":[' + [string]::Join(',', [Linq.Enumerable]::Repeat($file, 1000000)) + ']}]}'
            [IO.File]::WriteAllText((ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath 'System32\HostDriverStore\gpupv-manifest.json'), $text)
            Use-GpuPvTestOfflineVolume -Windows $guest.Windows
            $reply = Open-TestStore
            $reply.Manifest | Should -Be $null
            @($reply.Oversized) | Should -Be @('System32\HostDriverStore\gpupv-manifest.json')
        }

        It 'a store of more than 50000 files and folders is refused before anything is written' {
            $guest = New-GpuPvTestGuest
            $folder = ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath 'System32\HostDriverStore\FileRepository\many'
            $null = New-Item -ItemType Directory -Path $folder -Force
            for ($i = 0; $i -lt 50000; $i++) {
                [IO.File]::Create([IO.Path]::Combine($folder, [string] $i)).Dispose()
            }
            Use-GpuPvTestOfflineVolume -Windows $guest.Windows
            $reply = Open-TestStore
            $reply.error.id | Should -BeExactly 'guest-data-refused'
            $reply.error.message | Should -BeExactly "The guest's Windows\System32\HostDriverStore holds more than 50000 files and folders, more than the driver sync reads: this extension did not put them there. Nothing was written. Delete what does not belong there inside the guest (or the whole folder), then sync again."
            Should -Invoke -ModuleName GpuPv Dismount-GpuPvVmDisks -Times 1 -Exactly
        }
    }

    Context 'a journal that names what is not the sync''s own' {
        It '<Name>: the module answers it as text for the core to refuse (the mocha suite checks that), and changes nothing' -ForEach $journalCases {
            $guest = New-GpuPvTestGuest
            $packages = @()
            $loose = @()
            if ($null -ne $Journal.PSObject.Properties['package']) {
                $packages = @(@{ name = $Journal.package; kind = 'replace' })
            }
            if ($null -ne $Journal.PSObject.Properties['loose']) {
                $loose = @(@{ path = $Journal.loose; existed = $true })
            }
            $text = ConvertTo-Json -Compress -Depth 4 -InputObject ([ordered]@{
                    format = 'gpupv-sync-journal'; version = 1; startedAt = '2025-01-01T00:00:00.000Z'; run = $gpuPvHostileCases.example.run
                    previousManifest = $null; packages = $packages; loose = $loose
                })
            $journalPath = ConvertTo-GpuPvTestDiskPath -Windows $guest.Windows -GuestPath 'System32\HostDriverStore\.gpupv-sync\journal.json'
            $null = New-Item -ItemType Directory -Path ([IO.Path]::GetDirectoryName($journalPath)) -Force
            [IO.File]::WriteAllText($journalPath, $text)
            Use-GpuPvTestOfflineVolume -Windows $guest.Windows
            $volumeBefore = Get-GpuPvTestDigest -Path $guest.Volume
            $reply = Open-TestStore
            $reply.Journal | Should -BeExactly $text
            Get-GpuPvTestDigest -Path $guest.Volume | Should -BeExactly $volumeBefore
        }

        It 'a step naming a host path, as obeying such a journal would send, is refused before the guest is touched' {
            $steps = (ConvertFrom-Json -InputObject '{"v":[{"Op":"Remove","Path":"C:\\Windows\\System32\\drivers\\etc\\hosts"}]}').v
            $refusal = $null
            try {
                $null = InModuleScope GpuPv -Parameters @{ Steps = $steps } { ConvertFrom-GpuPvGuestSteps -Value $Steps }
            }
            catch {
                $refusal = $_.Exception.Message
            }
            $refusal | Should -BeExactly 'Argument Steps[].Path holds a path that is not allowed: C:\Windows\System32\drivers\etc\hosts'
        }
    }

    Context 'device names with Markdown, HTML, ANSI escapes and 100 KB of text' {
        It 'are answered bounded in length and count, as text' {
            Add-GpuPvTestCommandStub -Name 'Get-VM' -Parameter 'Id'
            Mock -ModuleName GpuPv Get-VM { [pscustomobject]@{ VMId = [Guid] '22222222-2222-4222-8222-222222222222'; Name = 'Hostile' } }
            $texts = @(foreach ($device in $gpuPvHostileCases.deviceNames) {
                    if ($null -ne $device.PSObject.Properties['text']) { $device.text } else { $device.repeat * $device.times }
                })
            Mock -ModuleName GpuPv Invoke-Command {
                $devices = @(for ($i = 0; $i -lt 100; $i++) {
                        $name = $texts[$i % $texts.Count]
                        [pscustomobject]@{ Name = $name; PNPDeviceID = "PCI\PLANTED$i"; PNPClass = 'Display'; Status = $name; ConfigManagerErrorCode = 43; Present = $true; Service = $name; HardwareID = @($name) * 100 }
                    })
                [pscustomobject]@{ Devices = $devices; Drivers = @(); DriverStore = @($texts) }
            }
            $credential = New-Object -TypeName 'System.Management.Automation.PSCredential' -ArgumentList 'tester', (ConvertTo-SecureString -String 'S3cret!' -AsPlainText -Force)
            $reply = InModuleScope GpuPv -Parameters @{ Credential = $credential } {
                Get-GpuPvGuestDisplayDevices -Arguments @{ VMId = '22222222-2222-4222-8222-222222222222'; Credential = $Credential }
            }
            $reply.Devices.Count | Should -Be 64
            $reply.Devices[0].ConfigManagerErrorCode | Should -Be 43
            for ($i = 0; $i -lt 64; $i++) {
                $sent = $texts[$i % $texts.Count]
                $expected = $sent
                if ($sent.Length -gt 256) {
                    $expected = $sent.Substring(0, 253) + '...'
                }
                $reply.Devices[$i].Name | Should -BeExactly $expected
                $reply.Devices[$i].Service | Should -BeExactly $expected
                $reply.Devices[$i].HardwareID.Count | Should -Be 16
                $reply.Devices[$i].HardwareID[0] | Should -BeExactly $expected
            }
            @($reply.DriverStore | ForEach-Object { $_.Length }) | Should -Be @($texts | ForEach-Object { [Math]::Min($_.Length, 256) })
        }
    }
}
