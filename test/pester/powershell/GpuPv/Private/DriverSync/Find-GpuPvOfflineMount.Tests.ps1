# After the shell that mounted a VM's disk died, a new shell adopts the mount it left, so the run's
# clean-up still reaches the guest: only where Storage says the disk's partition is mounted, never a
# folder that merely looks like a mount (a link there could point at the host's own Windows).
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../HostileGuest.Support.ps1')
    foreach ($stub in @(@('Get-VM', 'Id'), @('Get-VMHardDiskDrive', 'VM'), @('Get-VHD', 'Path'), @('Get-Partition', 'DiskNumber', 'ErrorAction'))) {
        Add-GpuPvTestCommandStub -Name $stub[0] -Parameter $stub[1..($stub.Count - 1)]
    }
    $vmId = '11111111-1111-4111-8111-111111111111'
}

Describe 'Find-GpuPvOfflineMount' {
    BeforeEach {
        $root = Join-Path -Path $TestDrive -ChildPath ([Guid]::NewGuid().ToString('N'))
        $mounted = Join-Path -Path $root -ChildPath '11111111-5-3'
        $lookalike = Join-Path -Path $root -ChildPath '11111111-5-4'
        foreach ($folder in @($mounted, $lookalike)) {
            $null = New-Item -ItemType Directory -Path (Join-Path -Path $folder -ChildPath 'Windows/System32/config') -Force
            $null = New-Item -ItemType File -Path (Join-Path -Path $folder -ChildPath 'Windows/System32/config/SYSTEM')
        }
        Mock -ModuleName GpuPv Get-GpuPvMountFolderRoot { $root }.GetNewClosure()
        Mock -ModuleName GpuPv Get-VM { [pscustomobject]@{ Name = 'gpu-vm'; State = 'Off' } }
        Mock -ModuleName GpuPv Get-VMHardDiskDrive { [pscustomobject]@{ Path = 'D:\VMs\gpu.vhdx' } }
        Mock -ModuleName GpuPv Get-VHD { [pscustomobject]@{ Attached = $true; DiskNumber = 5 } }
        InModuleScope GpuPv { $script:GpuPvGuestTargets.Clear() }
    }

    It "adopts the partition's access path under the VM's mount folders" {
        Mock -ModuleName GpuPv Get-Partition { [pscustomobject]@{ PartitionNumber = 3; AccessPaths = @('\\?\Volume{1}\', ($mounted + '\')) } }.GetNewClosure()
        $state = InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Find-GpuPvOfflineMount -VMId $VMId }
        $state.Root | Should -BeExactly (Join-Path -Path $mounted -ChildPath 'Windows')
        $state.PartitionNumber | Should -Be 3
        $state.DiskPath | Should -BeExactly 'D:\VMs\gpu.vhdx'
        InModuleScope GpuPv -Parameters @{ VMId = $vmId } { $script:GpuPvGuestTargets[$VMId].AccessPath } | Should -BeExactly ($mounted + '\')
    }

    It 'adopts nothing where Storage names no access path, whatever the folders hold' {
        Mock -ModuleName GpuPv Get-Partition { [pscustomobject]@{ PartitionNumber = 3; AccessPaths = @('\\?\Volume{1}\') } }
        InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Find-GpuPvOfflineMount -VMId $VMId } | Should -BeNullOrEmpty
    }

    It 'adopts nothing while the VM runs (its disk is its own)' {
        Mock -ModuleName GpuPv Get-VM { [pscustomobject]@{ Name = 'gpu-vm'; State = 'Running' } }
        Mock -ModuleName GpuPv Get-Partition { [pscustomobject]@{ PartitionNumber = 3; AccessPaths = @(($mounted + '\')) } }.GetNewClosure()
        InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Find-GpuPvOfflineMount -VMId $VMId } | Should -BeNullOrEmpty
    }
}
