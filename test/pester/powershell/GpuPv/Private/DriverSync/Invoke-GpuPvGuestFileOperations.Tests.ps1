# The file steps' answer, checked before it becomes a message: online it comes from the running guest.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')

    $steps = @(
        @{ Op = 'Remove'; Path = 'System32\HostDriverStore\.gpupv-sync' }
        @{ Op = 'Write'; Path = 'System32\HostDriverStore\gpupv-manifest.json'; ContentBase64 = 'e30=' }
    )
    function Invoke-TestSteps {
        param($Outcome)
        Mock -ModuleName GpuPv Resolve-GpuPvGuestTarget { @{ Mode = 'Online'; Session = $null; GuestTemp = 'C:\Temp' } }
        Mock -ModuleName GpuPv Invoke-GpuPvGuestFiles { $Outcome }.GetNewClosure()
        InModuleScope GpuPv -Parameters @{ Steps = $steps } {
            Invoke-GpuPvGuestFileOperations -Arguments @{ Target = @{ Mode = 'Online'; VMId = '22222222-2222-4222-8222-222222222222' }; Steps = $Steps }
        }
    }
}

Describe 'Invoke-GpuPvGuestFileOperations' {
    It 'answers the count of steps done' {
        (Invoke-TestSteps ([pscustomobject]@{ Done = 2; Op = $null; Path = $null; Failure = $null; Link = $null })).Done | Should -Be 2
    }

    It 'bounds and quotes the failure a guest answered: 100 KB of text with escapes become 1000 characters' {
        $failure = ([char] 27) + '[31m' + ('A' * 102400)
        $reply = Invoke-TestSteps ([pscustomobject]@{ Done = 1; Op = 'Write'; Path = 'System32\HostDriverStore\gpupv-manifest.json'; Failure = $failure; Link = $null })
        $reply['error']['id'] | Should -BeExactly 'driver-sync-failed'
        $prefix = "Guest file step 2 of 2 (index 1: Write 'System32\HostDriverStore\gpupv-manifest.json') failed, after 1 step done: "
        $reply['error']['message'] | Should -BeExactly ($prefix + $failure.Substring(0, 997) + '...')
    }

    It 'does not quote a path the guest made up, and names the step by what was asked' {
        $reply = Invoke-TestSteps ([pscustomobject]@{ Done = 0; Op = 'Format-Volume'; Path = 'C:\Windows'; Failure = 'no'; Link = $null })
        $reply['error']['message'] | Should -BeExactly "Guest file step 1 of 2 (index 0: Remove '?') failed, after 0 steps done: no"
    }

    It 'refuses <Case> with guest-data-refused' -ForEach @(
        @{ Case = 'a count above the steps sent'; Outcome = [pscustomobject]@{ Done = 3; Op = $null; Path = $null; Failure = $null; Link = $null } }
        @{ Case = 'a count that is not a number'; Outcome = [pscustomobject]@{ Done = 'all'; Op = $null; Path = $null; Failure = $null; Link = $null } }
        @{ Case = 'fewer steps done without a failure'; Outcome = [pscustomobject]@{ Done = 1; Op = $null; Path = $null; Failure = $null; Link = $null } }
        @{ Case = 'a link at a path that is not one'; Outcome = [pscustomobject]@{ Done = 0; Op = 'Remove'; Path = $null; Failure = $null; Link = '..\..' } }
    ) {
        $reply = Invoke-TestSteps $Outcome
        $reply['error']['id'] | Should -BeExactly 'guest-data-refused'
    }
}
