# The file steps of the guest block, run on real folders standing in for a guest's Windows folder:
# what each step does, and that the first failure stops the rest and is answered with the count done.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../Import-GpuPvBuiltModule.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath '../HostileGuest.Support.ps1')
    $guestBlock = InModuleScope GpuPv { $script:GpuPvGuestFiles }

    function Invoke-GpuPvTestSteps {
        param([string] $Windows, [hashtable[]] $Steps)
        return (& $guestBlock $Windows 'Steps' $Steps)
    }

    function Get-GpuPvTestText {
        param([string] $Windows, [string] $GuestPath)
        return [IO.File]::ReadAllText((ConvertTo-GpuPvTestDiskPath -Windows $Windows -GuestPath $GuestPath))
    }
}

Describe 'The guest file steps' {
    BeforeEach {
        $guest = New-GpuPvTestGuest
        $windows = $guest.Windows
        $package = $gpuPvHostileCases.example.packageName
        $driver = "System32\HostDriverStore\FileRepository\$package\nvldumdx.dll"
    }

    It 'Move moves a file, creating the folders above the target' {
        $answer = Invoke-GpuPvTestSteps -Windows $windows -Steps @(@{ Op = 'Move'; From = $driver; To = 'System32\a\b\moved.dll' })
        $answer.Done | Should -Be 1
        $answer.Failure | Should -BeNullOrEmpty
        Get-GpuPvTestText -Windows $windows -GuestPath 'System32\a\b\moved.dll' | Should -BeExactly 'the guest copy of the driver'
        Test-Path -LiteralPath (ConvertTo-GpuPvTestDiskPath -Windows $windows -GuestPath $driver) | Should -BeFalse
    }

    It 'Move refuses a target that exists, and the steps after it do not run' {
        $steps = @(
            @{ Op = 'Write'; Path = 'System32\first.txt'; ContentBase64 = 'b25l' }
            @{ Op = 'Move'; From = $driver; To = 'System32\nvapi64.dll' }
            @{ Op = 'Write'; Path = 'System32\third.txt'; ContentBase64 = 'dGhyZWU=' }
        )
        $answer = Invoke-GpuPvTestSteps -Windows $windows -Steps $steps
        $answer.Done | Should -Be 1
        $answer.Op | Should -BeExactly 'Move'
        $answer.Path | Should -BeExactly 'System32\nvapi64.dll'
        $answer.Failure | Should -BeExactly 'The target exists already.'
        Get-GpuPvTestText -Windows $windows -GuestPath 'System32\nvapi64.dll' | Should -BeExactly 'the guest loose file'
        Test-Path -LiteralPath (ConvertTo-GpuPvTestDiskPath -Windows $windows -GuestPath 'System32\third.txt') | Should -BeFalse
    }

    It 'Remove removes a folder with what is in it, and removing nothing is no failure' {
        $folder = "System32\HostDriverStore\FileRepository\$package"
        $answer = Invoke-GpuPvTestSteps -Windows $windows -Steps @(@{ Op = 'Remove'; Path = $folder }, @{ Op = 'Remove'; Path = 'System32\never-there.dll' })
        $answer.Done | Should -Be 2
        $answer.Failure | Should -BeNullOrEmpty
        Test-Path -LiteralPath (ConvertTo-GpuPvTestDiskPath -Windows $windows -GuestPath $folder) | Should -BeFalse
    }

    It 'Link makes the target the same file as the source (a hard link), replacing what was there' {
        $answer = Invoke-GpuPvTestSteps -Windows $windows -Steps @(@{ Op = 'Link'; From = $driver; To = 'System32\nvapi64.dll' })
        $answer.Done | Should -Be 1
        Get-GpuPvTestText -Windows $windows -GuestPath 'System32\nvapi64.dll' | Should -BeExactly 'the guest copy of the driver'
        [IO.File]::AppendAllText((ConvertTo-GpuPvTestDiskPath -Windows $windows -GuestPath $driver), ', changed')
        Get-GpuPvTestText -Windows $windows -GuestPath 'System32\nvapi64.dll' | Should -BeExactly 'the guest copy of the driver, changed' -Because 'a hard link shares the bytes'
    }

    It 'Write writes the bytes as sent, replacing the file through a temporary one that does not stay' {
        $manifest = 'System32\HostDriverStore\gpupv-manifest.json'
        $content = [Text.Encoding]::UTF8.GetBytes('{"format":"gpupv-driver-manifest","n":"Jos' + [char] 0xE9 + '"}')
        $answer = Invoke-GpuPvTestSteps -Windows $windows -Steps @(@{ Op = 'Write'; Path = $manifest; ContentBase64 = [Convert]::ToBase64String($content) })
        $answer.Done | Should -Be 1
        $path = ConvertTo-GpuPvTestDiskPath -Windows $windows -GuestPath $manifest
        [Convert]::ToBase64String([IO.File]::ReadAllBytes($path)) | Should -BeExactly ([Convert]::ToBase64String($content))
        Test-Path -LiteralPath ($path + '.tmp') | Should -BeFalse
    }

    It 'answers a step that finds nothing to move or link with its own words, and the count done before it' {
        $answer = Invoke-GpuPvTestSteps -Windows $windows -Steps @(@{ Op = 'Link'; From = 'System32\gone.dll'; To = 'System32\x.dll' })
        $answer.Done | Should -Be 0
        $answer.Failure | Should -BeExactly "Nothing to link: 'System32\gone.dll' does not exist."
        $answer = Invoke-GpuPvTestSteps -Windows $windows -Steps @(@{ Op = 'Move'; From = 'System32\gone.dll'; To = 'System32\x.dll' })
        $answer.Failure | Should -BeExactly "Nothing to move: 'System32\gone.dll' does not exist."
    }
}
