# The entry point as the extension calls it: one line on stdout per call, nothing on any other stream.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../Import-GpuPvBuiltModule.ps1')

    # Runs one call with the console's stdout captured; answers what reached stdout and every stream.
    function Invoke-Captured {
        param([string] $Operation, [string] $Payload)
        $writer = New-Object -TypeName System.IO.StringWriter
        $console = [Console]::Out
        [Console]::SetOut($writer)
        try {
            $streams = @(Invoke-GpuPv -Operation $Operation -Payload $Payload *>&1)
        }
        finally {
            [Console]::SetOut($console)
        }
        return [pscustomobject]@{ Stdout = $writer.ToString(); Streams = $streams }
    }
}

Describe 'Invoke-GpuPv' {
    It 'is exported with Connect-GpuPvRemote, and nothing else is' {
        (Get-Command -Module GpuPv | ForEach-Object { $_.Name } | Sort-Object) | Should -Be @('Connect-GpuPvRemote', 'Invoke-GpuPv')
    }

    It 'answers <Case> with exactly one base64 line on stdout and nothing on the pipeline or any other stream' -ForEach @(
        @{ Case = 'an unknown operation'; Operation = 'Format-Volume'; Payload = 'e30='; Id = 'unknown-operation' }
        @{ Case = 'a payload that is not base64'; Operation = 'Get-VmInventory'; Payload = '%%%'; Id = 'invalid-argument' }
        @{ Case = 'an operation needing the absent Hyper-V'; Operation = 'Get-Inventory'; Payload = 'e30='; Id = 'hyperv-missing' }
    ) {
        $captured = Invoke-Captured -Operation $Operation -Payload $Payload
        $captured.Streams | Should -HaveCount 0
        $captured.Stdout | Should -Match '\A[A-Za-z0-9+/]+={0,2}\r?\n\z'
        $envelope = ConvertFrom-Json -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($captured.Stdout.Trim())))
        $envelope.ok | Should -BeFalse
        $envelope.error.id | Should -BeExactly $Id
    }

    It 'answers a fault of the module itself as an envelope too, not on stderr' {
        Mock -ModuleName GpuPv Invoke-GpuPvOperation { throw 'a bug in the module' }
        $captured = Invoke-Captured -Operation 'Get-HostFacts' -Payload 'e30='
        $captured.Streams | Should -HaveCount 0
        $envelope = ConvertFrom-Json -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($captured.Stdout.Trim())))
        $envelope.error.id | Should -BeExactly 'hyperv-error'
        $envelope.error.message | Should -BeExactly 'a bug in the module'
    }

    It 'runs a call with errors as Stop and every other stream silenced: a non-terminating error becomes the answer' {
        # A handler of the module's own, as a compiled cmdlet behaves: it reads the caller's preferences
        # (a mock's body would read the test's).
        $original = InModuleScope GpuPv { $script:GpuPvOperations['Get-HostFacts'].Handler }
        InModuleScope GpuPv {
            $script:GpuPvOperations['Get-HostFacts'].Handler = {
                Write-Warning -Message 'a warning'
                Write-Verbose -Message 'some talk'
                Write-Debug -Message 'debugging'
                Write-Information -MessageData 'information'
                Write-Progress -Activity 'progress'
                Write-Error -Message 'a non-terminating failure'
                [pscustomobject]@{ Reached = 'after the error' }
            }
        }
        # The shell the extension starts has the default global preference (the test runner's is 'Stop').
        $globalPreference = $global:ErrorActionPreference
        $global:ErrorActionPreference = 'Continue'
        try {
            $captured = Invoke-Captured -Operation 'Get-HostFacts' -Payload 'e30='
        }
        finally {
            $global:ErrorActionPreference = $globalPreference
            InModuleScope GpuPv -Parameters @{ Original = $original } { $script:GpuPvOperations['Get-HostFacts'].Handler = $Original }
        }
        $captured.Streams | Should -HaveCount 0
        $envelope = ConvertFrom-Json -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($captured.Stdout.Trim())))
        $envelope.ok | Should -BeFalse
        $envelope.error.message | Should -BeExactly 'a non-terminating failure'
    }

    It 'with -AsText answers the line instead of printing it (the remote copy answers the local one this way)' {
        $writer = New-Object -TypeName System.IO.StringWriter
        $console = [Console]::Out
        [Console]::SetOut($writer)
        try {
            $text = Invoke-GpuPv -Operation 'Format-Volume' -Payload 'e30=' -AsText
        }
        finally {
            [Console]::SetOut($console)
        }
        $writer.ToString() | Should -BeExactly ''
        $text | Should -Match '\A[A-Za-z0-9+/]+={0,2}\z'
    }
}
