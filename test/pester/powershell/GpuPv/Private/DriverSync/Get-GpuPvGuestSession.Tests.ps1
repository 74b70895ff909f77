# The PowerShell Direct session of a running guest. What the guest answers as its temp folder is where
# every archive is copied: it is checked like a path the extension sends, or the session is closed.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../HostileGuest.Support.ps1')
    Add-GpuPvTestCommandStub -Name 'Get-VM' -Parameter 'Id'
    $credential = New-Object -TypeName 'System.Management.Automation.PSCredential' -ArgumentList 'tester', (ConvertTo-SecureString -String 'S3cret!' -AsPlainText -Force)

    function Open-TestSession {
        param([string] $GuestTemp)
        Mock -ModuleName GpuPv Get-VM { [pscustomobject]@{ VMId = [Guid] '22222222-2222-4222-8222-222222222222'; Name = 'Hostile'; State = 'Running' } }
        Mock -ModuleName GpuPv New-PSSession { [pscustomobject]@{ State = 'Opened'; Availability = 'Available' } }
        Mock -ModuleName GpuPv Remove-PSSession { } -RemoveParameterType 'Session'
        Mock -ModuleName GpuPv Invoke-GpuPvGuestFiles { $GuestTemp }.GetNewClosure()
        InModuleScope GpuPv -Parameters @{ Credential = $credential } {
            $script:GpuPvGuestTargets.Clear()
            Get-GpuPvGuestSession -Target @{ Mode = 'Online'; VMId = '22222222-2222-4222-8222-222222222222'; Credential = $Credential }
        }
    }
}

Describe 'Get-GpuPvGuestSession' {
    It 'keeps the session and the temp folder the guest answered when it is an absolute path' {
        $state = Open-TestSession -GuestTemp 'C:\Users\tester\AppData\Local\Temp\'
        $state.GuestTemp | Should -BeExactly 'C:\Users\tester\AppData\Local\Temp\'
        Should -Invoke -ModuleName GpuPv Remove-PSSession -Times 0 -Exactly
    }

    It 'refuses <Case> as the temp folder and closes the session again' -ForEach @(
        @{ Case = 'a share'; Temp = '\\attacker\share\' }
        @{ Case = 'a relative path'; Temp = 'Temp' }
        @{ Case = 'a path with ..'; Temp = 'C:\Temp\..\Windows\System32' }
        @{ Case = 'a line break and a command'; Temp = "C:\Temp`n; Format-Volume" }
        @{ Case = 'a path of 2,000 characters'; Temp = 'C:\' + ('a' * 2000) }
    ) {
        $reply = Open-TestSession -GuestTemp $Temp
        $reply['error']['id'] | Should -BeExactly 'guest-data-refused'
        $reply['error']['message'] | Should -BeLike '*(a temp folder that is not an absolute path)*'
        Should -Invoke -ModuleName GpuPv Remove-PSSession -Times 1 -Exactly
    }
}
