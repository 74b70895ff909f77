# Windows' Storage cmdlets are CDXML: script functions of their own module, which read the preference
# variables of that module and the global scope, never the caller's. The module's
# $ErrorActionPreference = 'Stop' does not reach them: a Storage error is non-terminating unless the
# call says -ErrorAction Stop. Here Storage is a throwaway script module of that name, so preferences
# behave as with CDXML; its Add-PartitionAccessPath fails the way Windows does, with Write-Error.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../HostileGuest.Support.ps1')
    $storage = New-Module -Name 'Storage' -ScriptBlock {
        function Get-Disk {
            [CmdletBinding()]
            param([UInt32] $Number)
            [pscustomobject]@{ Number = $Number; IsOffline = $false }
        }
        function Get-Partition {
            [CmdletBinding()]
            param([UInt32] $DiskNumber)
            [pscustomobject]@{ DiskNumber = $DiskNumber; PartitionNumber = 2; Size = [UInt64] 64GB }
        }
        function Add-PartitionAccessPath {
            [CmdletBinding()]
            param([UInt32] $DiskNumber, [UInt32] $PartitionNumber, [string] $AccessPath)
            Write-Error -Message 'The parameter is incorrect.' -Category InvalidArgument -ErrorId 'HRESULT 0x80070057,Add-PartitionAccessPath'
        }
        function Remove-PartitionAccessPath {
            [CmdletBinding()]
            param([UInt32] $DiskNumber, [UInt32] $PartitionNumber, [string] $AccessPath)
        }
    }
    $null = $storage | Import-Module -Global -PassThru
    Add-GpuPvTestCommandStub -Name 'Get-VM' -Parameter 'Id'
    Add-GpuPvTestCommandStub -Name 'Get-VMHardDiskDrive' -Parameter 'VM'
    Add-GpuPvTestCommandStub -Name 'Get-VHD' -Parameter 'Path'
    Add-GpuPvTestCommandStub -Name 'Dismount-VHD' -Parameter 'Path'
    InModuleScope GpuPv { $null = New-Item -Path 'function:script:Mount-VHD' -Value { param($Path, [switch] $NoDriveLetter, [switch] $Passthru) } -Force }
    # The shell the extension starts runs with the default global preference; a Storage function reads
    # that one (the test runner's is 'Stop', which would make every Storage error terminating).
    $gpuPvTestGlobalPreference = $global:ErrorActionPreference
    $global:ErrorActionPreference = 'Continue'
}

AfterAll {
    $global:ErrorActionPreference = $gpuPvTestGlobalPreference
    Remove-Module -Name 'Storage' -Force
}

Describe 'Mount-GpuPvGuestVolume when a partition cannot be mounted (a non-terminating Storage error)' {
    BeforeEach {
        $root = Join-Path -Path $TestDrive -ChildPath ([Guid]::NewGuid().ToString('N'))
        $diskPath = 'D:\VMs\gpu.vhdx'
        Mock -ModuleName GpuPv Get-GpuPvMountFolderRoot { $root }.GetNewClosure()
        Mock -ModuleName GpuPv New-GpuPvMountFolder {
            # The name the module gives disk 5, partition 2 of the VM.
            $folder = Join-Path -Path $root -ChildPath '11111111-5-2'
            $null = New-Item -ItemType Directory -Path $folder -Force
            $folder
        }.GetNewClosure()
        Mock -ModuleName GpuPv Get-VM { [pscustomobject]@{ Name = 'gpu-vm'; State = 'Off' } }
        Mock -ModuleName GpuPv Get-VMHardDiskDrive { [pscustomobject]@{ Path = $diskPath } }.GetNewClosure()
        Mock -ModuleName GpuPv Get-VHD { [pscustomobject]@{ Attached = $false; DiskNumber = 5 } }
        Mock -ModuleName GpuPv Mount-VHD { [pscustomobject]@{ DiskNumber = 5 } }
        Mock -ModuleName GpuPv Dismount-VHD { }
        Mock -ModuleName GpuPv Remove-PartitionAccessPath { }
        # Linux has no Windows ACLs (New-GpuPvMountFolder's tests check what the module asks for).
        Mock -ModuleName GpuPv Set-GpuPvAdminOnlyAcl { }
    }

    It 'counts the partition as not mounted, writes nothing to any stream, removes its folder and dismounts the disk' {
        $streams = @(InModuleScope GpuPv { Mount-GpuPvGuestVolume -VMId '11111111-1111-4111-8111-111111111111' } *>&1)
        $errors = @($streams | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors | Should -HaveCount 0 -Because 'an error record reaches stderr, which fails the call and recycles the shell'
        $reply = @($streams | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        $reply | Should -HaveCount 1
        $reply[0].error.id | Should -BeExactly 'guest-volume-not-found'
        $reply[0].error.message | Should -Match 'searched 1 disk(\(s\))? and 1 partition(\(s\))? large enough'
        Should -Invoke -ModuleName GpuPv Remove-PartitionAccessPath -Times 0 -Exactly -Because 'no access path was added'
        Should -Invoke -ModuleName GpuPv Dismount-VHD -Times 1 -Exactly -ParameterFilter { $Path -eq $diskPath }
        @(Get-ChildItem -LiteralPath $root -Directory) | Should -HaveCount 0 -Because 'no mount folder is left (the lock file stays, let go)'
    }

    It 'Add-GpuPvAccessPath throws the Storage error and removes the folder it was given' {
        $folder = Join-Path -Path $TestDrive -ChildPath 'mount-1'
        $null = New-Item -ItemType Directory -Path $folder
        $partition = [pscustomobject]@{ DiskNumber = 5; PartitionNumber = 2 }
        { InModuleScope GpuPv -Parameters @{ Folder = $folder; Partition = $partition } { Add-GpuPvAccessPath -Folder $Folder -Partition $Partition } } |
            Should -Throw -ExpectedMessage 'The parameter is incorrect.'
        [IO.Directory]::Exists($folder) | Should -BeFalse
    }
}
