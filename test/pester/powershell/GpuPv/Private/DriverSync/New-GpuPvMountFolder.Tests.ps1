# The folder a guest's volume is mounted at: its ACL (and its parent's) keeps non-administrators of the
# host out, and neither may be a link. Linux has no Windows ACLs: DirectorySecurity and Set-Acl are
# mocked, and the test checks what the module hands them.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../HostileGuest.Support.ps1')
    Add-GpuPvTestCommandStub -Name 'Set-Acl' -Parameter 'LiteralPath', 'AclObject'
    $partition = [pscustomobject]@{ DiskNumber = 3; PartitionNumber = 4 }
}

Describe 'New-GpuPvMountFolder' {
    BeforeEach {
        $programData = Join-Path -Path $TestDrive -ChildPath ([Guid]::NewGuid().ToString('N'))
        $root = Join-Path -Path $programData -ChildPath 'GpuPv/mnt'
        Mock -ModuleName GpuPv Get-GpuPvMountFolderRoot { $root }.GetNewClosure()
        Mock -ModuleName GpuPv New-Object -ParameterFilter { $TypeName -eq 'System.Security.AccessControl.DirectorySecurity' } {
            $security = [pscustomobject]@{ Sddl = $null; Sections = $null }
            $security | Add-Member -MemberType ScriptMethod -Name SetSecurityDescriptorSddlForm -Value { param($sddl, $sections) $this.Sddl = $sddl; $this.Sections = $sections }
            $security
        }
        Mock -ModuleName GpuPv Set-Acl { }
    }

    It 'creates the folder, and gives it and the folder above a protected DACL for SYSTEM and Administrators only' {
        $folder = InModuleScope GpuPv -Parameters @{ Partition = $partition } { New-GpuPvMountFolder -VMId '11111111-1111-4111-8111-111111111111' -Partition $Partition }
        $folder | Should -BeExactly (Join-Path -Path $root -ChildPath '11111111-3-4')
        [IO.Directory]::Exists($folder) | Should -BeTrue
        # D:P  a protected DACL (nothing inherited from ProgramData), A;OICI;FA  full control, inherited below, for SY and BA only.
        InModuleScope GpuPv { $script:GpuPvMountFolderSddl } | Should -BeExactly 'D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'
        foreach ($path in @($root, $folder)) {
            Should -Invoke -ModuleName GpuPv Set-Acl -Times 1 -Exactly -ParameterFilter {
                $LiteralPath -eq $path -and $AclObject.Sddl -eq 'D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)' -and [string] $AclObject.Sections -eq 'Access'
            }
        }
    }

    It 'refuses a mount folder, or a folder above it, that is a link, and removes what it made' {
        $elsewhere = Join-Path -Path $TestDrive -ChildPath 'elsewhere'
        $null = New-Item -ItemType Directory -Path $elsewhere -Force
        $null = New-Item -ItemType Directory -Path (Split-Path -Path $root -Parent) -Force
        $null = New-Item -ItemType SymbolicLink -Path $root -Value $elsewhere
        { InModuleScope GpuPv -Parameters @{ Partition = $partition } { New-GpuPvMountFolder -VMId '11111111-1111-4111-8111-111111111111' -Partition $Partition } } |
            Should -Throw -ExpectedMessage ("The mount folder '{0}' is a link (junction or symbolic link), which this extension never makes: delete it as an administrator, then sync again." -f $root)
        Should -Invoke -ModuleName GpuPv Set-Acl -Times 0 -Exactly
        @(Get-ChildItem -LiteralPath $elsewhere).Count | Should -Be 0 -Because 'the folder made through the link is removed again'
    }
}
