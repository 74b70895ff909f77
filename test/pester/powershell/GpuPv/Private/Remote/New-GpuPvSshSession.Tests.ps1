# The console is caught while an SSH session opens or a call is forwarded, and given back however
# the call ends: with a failure, and when the pipeline is stopped, which skips every catch block.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')

    function Invoke-StoppedInOwnRunspace {
        # Runs $Call in the module, in a runspace of its own, with $Cmdlet replaced by a function that
        # stops the pipeline as Ctrl-C would; the stop ends that runspace's script, not this test.
        param([string] $Cmdlet, [string] $Call)
        $shell = [powershell]::Create()
        try {
            $script = @"
Import-Module -Name '$gpuPvBuiltModule' -DisableNameChecking
function global:$Cmdlet { throw [System.Management.Automation.PipelineStoppedException]::new() }
& (Get-Module -Name GpuPv) { $Call }
"@
            $null = $shell.AddScript($script).Invoke()
        }
        catch {
            # The stop comes out of Invoke as an exception; what matters is the console after it.
            $null = $_
        }
        finally {
            $shell.Dispose()
        }
    }
}

Describe 'the console while a remote call runs' {
    BeforeEach {
        $script:console = [Console]::Out
        $script:printed = New-Object -TypeName 'System.IO.StringWriter'
        [Console]::SetOut($script:printed)
    }
    AfterEach {
        [Console]::SetOut($script:console)
    }

    It 'is given back when opening the SSH session is stopped' {
        Invoke-StoppedInOwnRunspace -Cmdlet 'New-PSSession' -Call "New-GpuPvSshSession -Connection @{ Address = 'hv1'; TimeoutMs = 1000 }"
        [Console]::Out.Write('reply')
        $script:printed.ToString() | Should -BeExactly 'reply'
    }

    It 'is given back when a forwarded call is stopped' {
        Invoke-StoppedInOwnRunspace -Cmdlet 'Invoke-Command' -Call "Invoke-GpuPvRemote -Operation 'Get-HostFacts' -Payload ''"
        [Console]::Out.Write('reply')
        $script:printed.ToString() | Should -BeExactly 'reply'
    }
}
