# Two shells on one host may sync into the same VM (two VS Code windows, a pipeline): while one has
# the VM's disks mounted, the other neither adopts, remounts nor dismounts them. The claim is a lock
# file held open without sharing, which the system releases when its holder exits, however it ends.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../HostileGuest.Support.ps1')
    foreach ($stub in @(@('Get-VM', 'Id'), @('Get-VMHardDiskDrive', 'VM'), @('Get-VHD', 'Path'), @('Dismount-VHD', 'Path'))) {
        Add-GpuPvTestCommandStub -Name $stub[0] -Parameter $stub[1..($stub.Count - 1)]
    }
    $vmId = '22222222-2222-4222-8222-222222222222'

    function Lock-TestVm {
        InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Lock-GpuPvVmDisks -VMId $VMId }
    }

    function Open-TestLockFile {
        # Another live shell's claim, as the file system sees it.
        $null = [IO.Directory]::CreateDirectory($root)
        [IO.File]::Open((Join-Path -Path $root -ChildPath ('{0}.lock' -f $vmId)), 'OpenOrCreate', 'ReadWrite', 'None')
    }

    function Invoke-WhileHeldElsewhere {
        # What $Action answers while another live shell holds the claim, which it lets go after.
        param([scriptblock] $Action)
        $other = Open-TestLockFile
        try {
            & $Action
        }
        finally {
            $other.Dispose()
        }
    }
}

Describe 'Lock-GpuPvVmDisks' {
    BeforeEach {
        $root = Join-Path -Path $TestDrive -ChildPath ([Guid]::NewGuid().ToString('N'))
        Mock -ModuleName GpuPv Get-GpuPvMountFolderRoot { $root }.GetNewClosure()
        Mock -ModuleName GpuPv Set-GpuPvAdminOnlyAcl { }
        Mock -ModuleName GpuPv Get-VM { [pscustomobject]@{ Name = 'gpu-vm'; State = 'Off' } }
        Mock -ModuleName GpuPv Get-VMHardDiskDrive { [pscustomobject]@{ Path = 'D:\VMs\gpu.vhdx' } }
        Mock -ModuleName GpuPv Get-VHD { [pscustomobject]@{ Attached = $true; DiskNumber = 5 } }
        Mock -ModuleName GpuPv Dismount-VHD { }
        Mock -ModuleName GpuPv Find-GpuPvOfflineMount { $null }
        InModuleScope GpuPv -Parameters @{ VMId = $vmId } {
            Unlock-GpuPvVmDisks -VMId $VMId
            $script:GpuPvGuestTargets.Clear()
        }
    }
    AfterEach {
        InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Unlock-GpuPvVmDisks -VMId $VMId }
    }

    It 'claims the disks once per shell, and refuses while another holder has the claim' {
        Lock-TestVm | Should -BeTrue
        Lock-TestVm | Should -BeTrue -Because 'this shell holds it already'
        { Open-TestLockFile } | Should -Throw -Because 'the claim keeps every other holder out'
        InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Unlock-GpuPvVmDisks -VMId $VMId }
        Invoke-WhileHeldElsewhere { Lock-TestVm } | Should -BeFalse
        Lock-TestVm | Should -BeTrue -Because 'the other holder let go'
    }

    It "is free again once a holder process dies without letting go" {
        # The pwsh running the tests (a dotnet tool runs as dotnet, so not the process's own path).
        $candidates = @('pwsh.exe', 'pwsh') | ForEach-Object { Join-Path -Path $PSHOME -ChildPath $_ }
        $pwsh = $candidates | Where-Object { Test-Path -LiteralPath $_ -PathType Leaf } | Select-Object -First 1
        $path = Join-Path -Path $root -ChildPath ('{0}.lock' -f $vmId)
        $null = [IO.Directory]::CreateDirectory($root)
        $held = Join-Path -Path $TestDrive -ChildPath ([Guid]::NewGuid().ToString('N'))
        # The other shell claims the file, says so, and waits to be killed.
        $holding = "`$f = [IO.File]::Open('$path', 'OpenOrCreate', 'ReadWrite', 'None'); [IO.File]::WriteAllText('$held', 'held'); Start-Sleep -Seconds 60"
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($holding))
        $holder = Start-Process -FilePath $pwsh -ArgumentList '-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded -PassThru
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (Test-Path -LiteralPath $held) -and -not $holder.HasExited -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            Test-Path -LiteralPath $held | Should -BeTrue -Because 'the other process holds the claim'
            Lock-TestVm | Should -BeFalse
        }
        finally {
            $holder.Kill()
            $holder.WaitForExit()
        }
        Lock-TestVm | Should -BeTrue -Because 'the system let go of the claim of a holder that died'
    }

    It "leaves a live holder's mount alone: a copy answers vm-disk-in-use and adopts nothing" {
        $reply = Invoke-WhileHeldElsewhere {
            InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Resolve-GpuPvGuestTarget -Target @{ Mode = 'Offline'; VMId = $VMId } }
        }
        $reply['error']['id'] | Should -BeExactly 'vm-disk-in-use'
        $reply['error']['message'] | Should -BeLike "*disk of the VM 'gpu-vm' mounted for a driver sync*"
        Should -Invoke -ModuleName GpuPv Find-GpuPvOfflineMount -Times 0 -Exactly
    }

    It "leaves a live holder's mount alone: opening and closing the store answer vm-disk-in-use and dismount nothing" {
        $opened, $closed = Invoke-WhileHeldElsewhere {
            InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Mount-GpuPvGuestVolume -VMId $VMId }
            InModuleScope GpuPv -Parameters @{ VMId = $vmId } {
                Close-GpuPvGuestDriverStore -Arguments @{ Target = @{ Mode = 'Offline'; VMId = $VMId } }
            }
        }
        $opened['error']['id'] | Should -BeExactly 'vm-disk-in-use'
        $closed['error']['id'] | Should -BeExactly 'vm-disk-in-use'
        Should -Invoke -ModuleName GpuPv Dismount-VHD -Times 0 -Exactly
    }

    It "lets go when opening the store throws, or looking for a dead shell's mount does: the next try is not refused" {
        Mock -ModuleName GpuPv Dismount-VHD { throw 'The process cannot access the file because it is being used by another process.' }
        { InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Mount-GpuPvGuestVolume -VMId $VMId } } | Should -Throw
        (Open-TestLockFile).Dispose()
        Mock -ModuleName GpuPv Find-GpuPvOfflineMount { throw 'Hyper-V was unable to find a virtual machine with id.' }
        { InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Resolve-GpuPvGuestTarget -Target @{ Mode = 'Offline'; VMId = $VMId } } } |
            Should -Throw
        (Open-TestLockFile).Dispose()
    }

    It 'lets go once a copy finds no mount to adopt, and once the disks are dismounted' {
        $reply = InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Resolve-GpuPvGuestTarget -Target @{ Mode = 'Offline'; VMId = $VMId } }
        $reply['error']['id'] | Should -BeExactly 'driver-sync-failed'
        (Open-TestLockFile).Dispose()
        Lock-TestVm | Should -BeTrue
        $null = InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Dismount-GpuPvVmDisks -VMId $VMId }
        (Open-TestLockFile).Dispose()
    }
}
