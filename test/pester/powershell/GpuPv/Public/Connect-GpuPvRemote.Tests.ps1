# Connect-GpuPvRemote on a host whose execution policy Group Policy sets. Set-ExecutionPolicy then
# still sets the process scope, but ends with a terminating error (ExecutionPolicyOverride) that
# -ErrorAction does not cover. Remoting is replaced by running the remote script block here, in the
# module's scope: the module's own copy answers Get-HostFacts as the remote copy would.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../Import-GpuPvBuiltModule.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath '../HostileGuest.Support.ps1')
    # Copy-Item's -ToSession is a dynamic parameter, which a mock cannot loosen to take a stand-in session.
    Add-GpuPvTestCommandStub -Name 'Copy-Item' -Parameter 'LiteralPath', 'Destination', 'ToSession', 'Force'

    function New-GpuPvTestPolicyError {
        # What Set-ExecutionPolicy throws (ThrowTerminatingError) under a Group Policy setting.
        param([string] $Id, [Exception] $Exception)
        return [System.Management.Automation.ErrorRecord]::new($Exception, "$Id,Microsoft.PowerShell.Commands.SetExecutionPolicyCommand", 'PermissionDenied', $null)
    }

    function Invoke-GpuPvTestConnect {
        # The connect line as the extension sends it (SSH: WinRM's client is Windows-only); answers the decoded envelope.
        $payload = ConvertTo-GpuPvTestPayload -Value @{ Transport = 'ssh'; Address = 'hv01.example'; UserName = 'admin'; TimeoutMs = 20000 }
        $writer = New-Object -TypeName System.IO.StringWriter
        $console = [Console]::Out
        [Console]::SetOut($writer)
        try {
            $streams = @(Connect-GpuPvRemote -Payload $payload *>&1)
        }
        finally {
            [Console]::SetOut($console)
        }
        $streams | Should -HaveCount 0
        return ConvertFrom-Json -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($writer.ToString().Trim())))
    }
}

Describe 'Connect-GpuPvRemote and the remote execution policy' {
    BeforeEach {
        $fakeSession = [pscustomobject]@{ Name = 'remote' }
        Mock -ModuleName GpuPv New-PSSession { $fakeSession }.GetNewClosure()
        Mock -ModuleName GpuPv Remove-PSSession -RemoveParameterType Session { }
        Mock -ModuleName GpuPv Copy-Item { }
        Mock -ModuleName GpuPv Import-Module { }
        # The remote host: its script block runs here, where the module (as imported remotely) answers.
        Mock -ModuleName GpuPv Invoke-Command -RemoveParameterType Session {
            $arguments = @()
            if ($PesterBoundParameters.ContainsKey('ArgumentList')) {
                $arguments = $ArgumentList
            }
            & $ScriptBlock @arguments
        }
        Mock -ModuleName GpuPv Get-GpuPvHostFacts {
            [pscustomobject]@{ ComputerName = 'HV01'; PSVersion = '5.1.20348.2849'; HyperVAdministrator = $false; Elevated = $true }
        }
    }

    AfterEach {
        InModuleScope GpuPv { $script:GpuPvRemoteSession = $null }
    }

    It 'connects when Group Policy overrides the execution policy (ExecutionPolicyOverride, a terminating error)' {
        Mock -ModuleName GpuPv Set-ExecutionPolicy {
            $text = 'Windows PowerShell updated your execution policy successfully, but the setting is overridden by a policy defined at a more specific scope.'
            throw (New-GpuPvTestPolicyError -Id 'ExecutionPolicyOverride' -Exception ([System.Security.SecurityException]::new($text)))
        }
        $envelope = Invoke-GpuPvTestConnect
        $envelope.ok | Should -BeTrue -Because ($envelope | ConvertTo-Json -Depth 4)
        $envelope.result.ComputerName | Should -BeExactly 'HV01'
        Should -Invoke -ModuleName GpuPv Set-ExecutionPolicy -Times 1 -Exactly -ParameterFilter { $ExecutionPolicy -eq 'Bypass' -and $Scope -eq 'Process' }
        Should -Invoke -ModuleName GpuPv Import-Module -Times 1 -Exactly
        InModuleScope GpuPv { $script:GpuPvRemoteSession.Name } | Should -BeExactly 'remote'
    }

    It 'connects where the remote PowerShell has no execution policy at all (PowerShell 7 outside Windows: the real cmdlet)' {
        $envelope = Invoke-GpuPvTestConnect
        $envelope.ok | Should -BeTrue -Because ($envelope | ConvertTo-Json -Depth 4)
    }

    It 'still fails, and closes the session, on any other error of Set-ExecutionPolicy' {
        Mock -ModuleName GpuPv Set-ExecutionPolicy {
            throw (New-GpuPvTestPolicyError -Id 'System.UnauthorizedAccessException' -Exception ([UnauthorizedAccessException]::new('Access to the registry key is denied.')))
        }
        $envelope = Invoke-GpuPvTestConnect
        $envelope.ok | Should -BeFalse
        $envelope.error.message | Should -BeExactly 'Access to the registry key is denied.'
        Should -Invoke -ModuleName GpuPv Import-Module -Times 0 -Exactly
        Should -Invoke -ModuleName GpuPv Remove-PSSession -Times 1 -Exactly
        InModuleScope GpuPv { $script:GpuPvRemoteSession } | Should -BeNullOrEmpty
    }
}
