# What the SSH transport prints on the console (ssh's stderr, copied there by PowerShell) is caught
# while a session opens: it never lands before the reply line, and the console is given back.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
}

Describe 'Start-GpuPvConsoleCapture and Stop-GpuPvConsoleCapture' {
    BeforeEach {
        $script:console = [Console]::Out
        $script:printed = New-Object -TypeName 'System.IO.StringWriter'
        [Console]::SetOut($script:printed)
    }
    AfterEach {
        [Console]::SetOut($script:console)
    }

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
