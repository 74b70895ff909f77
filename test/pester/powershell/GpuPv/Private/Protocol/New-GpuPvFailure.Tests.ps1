# The failure envelope: the module's own refusals and the errors of the cmdlets it calls.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
}

Describe 'New-GpuPvFailure' {
    It 'builds { ok = false, error = { id, message, category, fullyQualifiedErrorId } } for a refusal of the module' {
        $failure = InModuleScope GpuPv { New-GpuPvFailure -Id 'partition-in-use' -Message 'in use' -Category 'ResourceBusy' }
        $failure | Should -BeOfType [System.Collections.Specialized.OrderedDictionary]
        @($failure.Keys) | Should -Be @('ok', 'error')
        $failure.ok | Should -BeFalse
        @($failure.error.Keys) | Should -Be @('id', 'message', 'category', 'fullyQualifiedErrorId')
        $failure.error.id | Should -BeExactly 'partition-in-use'
        $failure.error.message | Should -BeExactly 'in use'
        $failure.error.category | Should -BeExactly 'ResourceBusy'
        $failure.error.fullyQualifiedErrorId | Should -BeNullOrEmpty
    }

    It 'keeps the category null when none is given, and never answers an empty message' {
        $failure = InModuleScope GpuPv { New-GpuPvFailure -Id 'hyperv-error' }
        $failure.error.category | Should -Be $null
        $failure.error.message | Should -BeExactly 'The operation failed without a message.'
    }

    It "takes an error record's text as PowerShell prints it (ErrorDetails first), its category and its id" {
        $exception = New-Object -TypeName System.InvalidOperationException -ArgumentList 'inner text'
        $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, 'InvalidState,Microsoft.HyperV.PowerShell.Commands.StartVM', 'InvalidOperation', $null
        $record.ErrorDetails = New-Object -TypeName System.Management.Automation.ErrorDetails -ArgumentList "'Build-Agent' failed to start."
        $failure = InModuleScope GpuPv -Parameters @{ Record = $record } { New-GpuPvFailure -Id 'hyperv-error' -Message 'ignored' -Category 'Ignored' -ErrorRecord $Record }
        $failure.error.message | Should -BeExactly "'Build-Agent' failed to start."
        $failure.error.category | Should -BeExactly 'InvalidOperation'
        $failure.error.fullyQualifiedErrorId | Should -BeExactly 'InvalidState,Microsoft.HyperV.PowerShell.Commands.StartVM'
    }

    It 'is what Test-GpuPvFailure recognises, and a result is not' {
        InModuleScope GpuPv {
            Test-GpuPvFailure -Value (New-GpuPvFailure -Id 'hyperv-error' -Message 'x') | Should -BeTrue
            Test-GpuPvFailure -Value ([ordered]@{ ok = $true; result = 1 }) | Should -BeFalse
            Test-GpuPvFailure -Value @{ ok = $false } | Should -BeFalse -Because 'handlers answer failures as ordered dictionaries only'
            Test-GpuPvFailure -Value ([pscustomobject]@{ ok = $false }) | Should -BeFalse
            Test-GpuPvFailure -Value $null | Should -BeFalse
        }
    }
}
