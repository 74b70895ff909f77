# One call, from its operation name and payload to its envelope: which failure gets which error id.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Protect-GpuPvTestSecret.ps1')
    $emptyPayload = ConvertTo-GpuPvTestPayload '{}'
}

Describe 'Invoke-GpuPvOperation' {
    It 'answers an operation outside the allow-list with unknown-operation, names compared case-sensitively' {
        foreach ($operation in @('Remove-Everything', 'get-hostfacts', '')) {
            $reply = InModuleScope GpuPv -Parameters @{ Operation = $operation; Payload = $emptyPayload } {
                Invoke-GpuPvOperation -Operation $Operation -Payload $Payload
            }
            $reply.ok | Should -BeFalse
            $reply.error.id | Should -BeExactly 'unknown-operation'
            $reply.error.message | Should -BeExactly ('Unknown operation: {0}' -f $operation)
        }
    }

    It 'answers arguments it refuses with invalid-argument and the reason, before running anything' {
        Mock -ModuleName GpuPv Get-GpuPvDriverFileList { throw 'must not run' }
        $payload = ConvertTo-GpuPvTestPayload @{ Folders = @('C:\Windows\..\x'); Files = @() }
        $reply = InModuleScope GpuPv -Parameters @{ Payload = $payload } { Invoke-GpuPvOperation -Operation 'Get-DriverFileList' -Payload $Payload }
        $reply.error.id | Should -BeExactly 'invalid-argument'
        $reply.error.message | Should -BeExactly 'Argument Folders holds a path that is not allowed: C:\Windows\..\x'
        Should -Invoke -ModuleName GpuPv Get-GpuPvDriverFileList -Times 0 -Exactly
    }

    It 'answers an operation that needs Hyper-V with hyperv-missing where the Hyper-V module is absent' {
        $loaded = InModuleScope GpuPv { $script:HyperVModuleLoaded }
        $loaded | Should -BeFalse -Because 'this machine has no Hyper-V module'
        $reply = InModuleScope GpuPv -Parameters @{ Payload = $emptyPayload } { Invoke-GpuPvOperation -Operation 'Get-Inventory' -Payload $Payload }
        $reply.error.id | Should -BeExactly 'hyperv-missing'
        $reply.error.message | Should -BeExactly 'The Hyper-V PowerShell module is not available on this host.'
    }

    It 'answers a sealed password it cannot open with <Id>, before running anything; one it opens gets as far as Hyper-V' -ForEach @(
        @{ Id = 'secret-key-changed'; Seal = { Protect-GpuPvTestSecret -Text 'S3cret-9' -OtherKey } }
        @{ Id = 'secret-unreadable'; Seal = { Get-GpuPvTamperedSecret (Protect-GpuPvTestSecret -Text 'S3cret-9') } }
        @{ Id = 'secret-unreadable'; Seal = { 'S3cret-9' } }
        @{ Id = 'hyperv-missing'; Seal = { Protect-GpuPvTestSecret -Text 'S3cret-9' } }
    ) {
        $arguments = @{ VMId = '6f1c1a0e-2b7d-4c55-9d0a-3c2e8f4b9a10'; Credential = @{ UserName = 'dev'; Password = (& $Seal) } }
        $payload = ConvertTo-GpuPvTestPayload $arguments
        $reply = InModuleScope GpuPv -Parameters @{ Payload = $payload } { Invoke-GpuPvOperation -Operation 'Get-GuestDisplayDevices' -Payload $Payload }
        $reply.ok | Should -BeFalse
        $reply.error.id | Should -BeExactly $Id
        $reply.error.message | Should -Not -Match 'S3cret'
    }

    It "answers a handler's error with hyperv-error, carrying the error record's message, category and id" {
        Mock -ModuleName GpuPv Get-GpuPvDriverFileList {
            $exception = New-Object -TypeName System.IO.IOException -ArgumentList 'The device is not ready.'
            $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, 'DeviceNotReady,Get-ChildItem', 'ReadError', 'D:\'
            throw $record
        }
        $payload = ConvertTo-GpuPvTestPayload '{"Folders":[],"Files":[]}'
        $reply = InModuleScope GpuPv -Parameters @{ Payload = $payload } { Invoke-GpuPvOperation -Operation 'Get-DriverFileList' -Payload $Payload }
        $reply.ok | Should -BeFalse
        $reply.error.id | Should -BeExactly 'hyperv-error'
        $reply.error.message | Should -BeExactly 'The device is not ready.'
        $reply.error.category | Should -BeExactly 'ReadError'
        $reply.error.fullyQualifiedErrorId | Should -BeExactly 'DeviceNotReady,Get-ChildItem'
    }

    It "passes a handler's own refusal through unchanged" {
        $refusal = InModuleScope GpuPv { New-GpuPvFailure -Id 'driver-sync-failed' -Message 'refused' -Category 'InvalidOperation' }
        Mock -ModuleName GpuPv Get-GpuPvDriverFileList { $refusal }
        $payload = ConvertTo-GpuPvTestPayload '{"Folders":[],"Files":[]}'
        $reply = InModuleScope GpuPv -Parameters @{ Payload = $payload } { Invoke-GpuPvOperation -Operation 'Get-DriverFileList' -Payload $Payload }
        [object]::ReferenceEquals($reply, $refusal) | Should -BeTrue
    }

    It "wraps a handler's result as ok, and drops what the handler writes to the warning, verbose, debug and information streams" {
        Mock -ModuleName GpuPv Get-GpuPvDriverFileList {
            Write-Warning 'w'
            Write-Verbose 'v' -Verbose
            Write-Debug 'd' -Debug
            Write-Information 'i'
            Write-Host 'h'
            [pscustomobject]@{ Folders = @(); Files = @() }
        }
        $payload = ConvertTo-GpuPvTestPayload '{"Folders":[],"Files":[]}'
        $streams = InModuleScope GpuPv -Parameters @{ Payload = $payload } {
            $reply = Invoke-GpuPvOperation -Operation 'Get-DriverFileList' -Payload $Payload
            $reply.ok
            $reply.result.Folders.Count
        } *>&1
        @($streams) | Should -Be @($true, 0)
    }
}
