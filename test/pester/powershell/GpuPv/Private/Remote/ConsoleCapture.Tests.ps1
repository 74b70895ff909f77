# What the SSH transport prints on the console (ssh's stderr, copied there by PowerShell) is caught
# while a session opens or a call is forwarded: it never lands before the reply line, and the console
# is given back however the call ends, when the pipeline is stopped too (which skips every catch).
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

Describe 'the console while a remote session opens or a call is forwarded' {
    BeforeEach {
        $script:console = [Console]::Out
        $script:printed = New-Object -TypeName 'System.IO.StringWriter'
        [Console]::SetOut($script:printed)
    }
    AfterEach {
        [Console]::SetOut($script:console)
    }

    Context 'Start-GpuPvConsoleCapture and Stop-GpuPvConsoleCapture' {
        It 'catch what is printed between them, from any runspace, and give the console back' {
            $said = InModuleScope GpuPv {
                $capture = Start-GpuPvConsoleCapture
                [Console]::Out.WriteLine('root@hv1: Permission denied (publickey).')
                $other = [powershell]::Create().AddScript("[Console]::Out.WriteLine('Connection closed.')")
                $null = $other.Invoke()
                $other.Dispose()
                Stop-GpuPvConsoleCapture -Capture $capture
            }
            $said | Should -BeExactly ("root@hv1: Permission denied (publickey).{0}Connection closed." -f [Environment]::NewLine)
            $script:printed.ToString() | Should -BeExactly '' -Because 'nothing reached the console meanwhile'
            [Console]::Out.Write('reply')
            $script:printed.ToString() | Should -BeExactly 'reply' -Because 'the console is given back'
        }

        It 'wait, after a failure, for a reason printed a moment late' {
            $said = InModuleScope GpuPv {
                $capture = Start-GpuPvConsoleCapture
                # Another runspace, on a thread of its own, as the transport's reader.
                $late = [powershell]::Create().AddScript("Start-Sleep -Milliseconds 150; [Console]::Out.WriteLine('Host key verification failed.')")
                $running = $late.BeginInvoke()
                Stop-GpuPvConsoleCapture -Capture $capture -Failed
                $null = $late.EndInvoke($running)
                $late.Dispose()
            }
            $said | Should -BeExactly 'Host key verification failed.'
        }
    }

    Context 'a stopped pipeline' {
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
}
