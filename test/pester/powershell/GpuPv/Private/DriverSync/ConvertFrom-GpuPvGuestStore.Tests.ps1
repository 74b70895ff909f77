# What the guest block read, checked again on the host: online it comes from the running guest, whose
# administrator may have changed what the block answers. Too many entries, paths outside
# HostDriverStore, lengths that are not digits, other loose files than asked and oversized texts
# are refused or not passed on.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')

    $loose = @('System32\nvapi64.dll')
    function New-TestStore {
        param([hashtable] $Change = @{})
        $store = [ordered]@{
            Refused    = $null
            Path       = $null
            Manifest   = '{}'
            Journal    = $null
            Oversized  = @()
            Entries    = @([pscustomobject]@{ Path = 'System32\HostDriverStore\FileRepository'; Directory = $true; Length = $null })
            LooseFiles = @([pscustomobject]@{ Path = 'System32\nvapi64.dll'; Length = '12' })
        }
        foreach ($key in $Change.Keys) {
            $store[$key] = $Change[$key]
        }
        return [pscustomobject]$store
    }
    function Convert-TestStore {
        param($Store)
        InModuleScope GpuPv -Parameters @{ Store = $Store; Loose = $loose } { ConvertFrom-GpuPvGuestStore -Store $Store -LooseFiles $Loose }
    }
}

Describe 'ConvertFrom-GpuPvGuestStore' {
    It 'passes an honest answer on, with the loose files named as asked' {
        $answer = Convert-TestStore (New-TestStore)
        $answer.Manifest | Should -BeExactly '{}'
        $answer.Entries.Count | Should -Be 1
        $answer.LooseFiles[0].Path | Should -BeExactly 'System32\nvapi64.dll'
        @($answer.Oversized).Count | Should -Be 0
    }

    It 'refuses <Case> with guest-data-refused' -ForEach @(
        @{ Case = 'an entry outside HostDriverStore'; Change = @{ Entries = @([pscustomobject]@{ Path = 'System32\config\SYSTEM'; Directory = $false; Length = '1' }) } }
        @{ Case = 'an entry leaving the Windows folder'; Change = @{ Entries = @([pscustomobject]@{ Path = 'System32\HostDriverStore\..\..\x'; Directory = $false; Length = '1' }) } }
        @{ Case = 'an entry with a length that is not digits'; Change = @{ Entries = @([pscustomobject]@{ Path = 'System32\HostDriverStore\a'; Directory = $false; Length = '-1' }) } }
        @{ Case = 'other loose files than asked'; Change = @{ LooseFiles = @() } }
        @{ Case = 'a link at a path that is not one'; Change = @{ Refused = 'Link'; Path = 'C:\Windows' } }
        @{ Case = 'an unknown refusal'; Change = @{ Refused = 'Whatever' } }
    ) {
        $answer = Convert-TestStore (New-TestStore -Change $Change)
        $answer['ok'] | Should -BeFalse
        $answer['error']['id'] | Should -BeExactly 'guest-data-refused'
        $answer['error']['message'] | Should -BeLike "The guest answered the driver sync with something it does not accept (*): it was not obeyed, and nothing was written.*"
    }

    It 'refuses more than 50000 entries, however the guest counted them' {
        $entry = [pscustomobject]@{ Path = 'System32\HostDriverStore\a'; Directory = $false; Length = '1' }
        $answer = Convert-TestStore (New-TestStore -Change @{ Entries = [object[]]::new(50001).ForEach({ $entry }) })
        $answer['error']['id'] | Should -BeExactly 'guest-data-refused'
        $answer['error']['message'] | Should -BeLike "*holds more than 50000 files and folders*"
    }

    It 'names a manifest or journal longer than the sync reads as oversized, and does not pass its text on' {
        $answer = Convert-TestStore (New-TestStore -Change @{ Manifest = 'x' * 4194305; Journal = 'y' * 10 })
        $answer.Manifest | Should -Be $null
        $answer.Journal | Should -BeExactly ('y' * 10)
        @($answer.Oversized) | Should -Be @('System32\HostDriverStore\gpupv-manifest.json')
    }

    It 'answers a link the block met as guest-reparse-point, naming it' {
        $answer = Convert-TestStore (New-TestStore -Change @{ Refused = 'Link'; Path = 'System32\HostDriverStore' })
        $answer['error']['id'] | Should -BeExactly 'guest-reparse-point'
        $answer['error']['message'] | Should -BeLike 'A link (junction or symbolic link) is at Windows\System32\HostDriverStore on the guest*'
    }
}
