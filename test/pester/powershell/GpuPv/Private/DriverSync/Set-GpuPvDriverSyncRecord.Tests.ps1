# The driver-sync record of a VM, kept on the host under ProgramData as the extension sent it, through
# the entry point as the extension calls it.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
    $vmId = '11111111-1111-4111-8111-111111111111'

    function Invoke-GpuPvTestRecord {
        param($Record)
        $text = Invoke-GpuPv -Operation 'Set-DriverSyncRecord' -Payload (ConvertTo-GpuPvTestPayload -Value @{ VMId = $vmId; Record = $Record }) -AsText
        return ConvertFrom-Json -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($text)))
    }

    function Read-GpuPvTestRecord {
        return (InModuleScope GpuPv -Parameters @{ VMId = $vmId } { Read-GpuPvDriverSyncRecord -VMId $VMId })
    }
}

Describe 'Set-DriverSyncRecord' {
    BeforeEach {
        $programData = $env:ProgramData
        $env:ProgramData = Join-Path -Path $TestDrive -ChildPath ([Guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $env:ProgramData
    }

    AfterEach {
        $env:ProgramData = $programData
    }

    It 'keeps the text byte for byte (a date stays as written), replaces it, and leaves no temporary file' {
        $first = '{ "SyncedAt": "2026-12-02T22:07:58.123Z", "Mode": "Offline", "Gpus": [] }'
        (Invoke-GpuPvTestRecord -Record $first).ok | Should -BeTrue
        Read-GpuPvTestRecord | Should -BeExactly $first
        $second = '{"SyncedAt":"2026-12-03T08:00:00Z","Mode":"Online","Gpus":[{"InstancePath":"x"}]}'
        (Invoke-GpuPvTestRecord -Record $second).ok | Should -BeTrue
        Read-GpuPvTestRecord | Should -BeExactly $second
        @(Get-ChildItem -LiteralPath $env:ProgramData -Recurse -File | Where-Object { $_.Name -like '*.tmp' }) | Should -HaveCount 0
    }

    It 'forgets the record when sent none' {
        (Invoke-GpuPvTestRecord -Record '{"SyncedAt":"x","Mode":"Offline","Gpus":[]}').ok | Should -BeTrue
        (Invoke-GpuPvTestRecord -Record $null).ok | Should -BeTrue
        Read-GpuPvTestRecord | Should -BeNullOrEmpty
        (Invoke-GpuPvTestRecord -Record $null).ok | Should -BeTrue -Because 'forgetting no record is no failure'
    }

    It 'refuses a record with another shape and keeps the one it has' {
        $kept = '{"SyncedAt":"x","Mode":"Offline","Gpus":[]}'
        (Invoke-GpuPvTestRecord -Record $kept).ok | Should -BeTrue
        $reply = Invoke-GpuPvTestRecord -Record '{"SyncedAt":"x","Mode":"Offline","Gpus":[],"Run":"C:\\Windows"}'
        $reply.ok | Should -BeFalse
        $reply.error.id | Should -BeExactly 'invalid-argument'
        Read-GpuPvTestRecord | Should -BeExactly $kept
    }
}
