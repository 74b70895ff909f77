# A credential argument becomes a PSCredential: its password arrives sealed to the shell's session key
# and is opened straight into a SecureString; one that cannot be opened is refused with its own id, and
# the password is never written anywhere, errors included.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Protect-GpuPvTestSecret.ps1')

    function ConvertFrom-TestCredential {
        param($Value)
        if ($Value -is [string]) {
            $Value = ConvertFrom-Json -InputObject $Value
        }
        InModuleScope GpuPv -Parameters @{ Value = $Value } { ConvertFrom-GpuPvCredential -Value $Value }
    }

    # What the credential conversion throws for $Value: the error record.
    function Get-TestRefusal {
        param($Value)
        try {
            $null = ConvertFrom-TestCredential $Value
        }
        catch {
            return $_
        }
        throw 'expected a refusal'
    }
}

Describe 'ConvertFrom-GpuPvCredential' {
    It 'makes a read-only PSCredential holding the user name and the password it opens' {
        $password = 'p' + [char] 0x00E4 + 'ss"w0rd $(x) ' + [char]::ConvertFromUtf32(0x1F600)
        $credential = ConvertFrom-TestCredential ([pscustomobject]@{ UserName = 'CONTOSO\hvadmin'; Password = (Protect-GpuPvTestSecret -Text $password) })
        $credential | Should -BeOfType [System.Management.Automation.PSCredential]
        $credential.UserName | Should -BeExactly 'CONTOSO\hvadmin'
        $credential.Password.IsReadOnly() | Should -BeTrue
        $credential.GetNetworkCredential().Password | Should -BeExactly $password
    }

    It 'accepts an empty password (an account without one)' {
        $credential = ConvertFrom-TestCredential ([pscustomobject]@{ UserName = 'guest'; Password = (Protect-GpuPvTestSecret -Text '') })
        $credential.GetNetworkCredential().Password | Should -BeExactly ''
    }

    It 'refuses <Case>, without the password in the message' -ForEach @(
        @{ Case = 'an extra property'; Json = '{"UserName":"u","Password":"S3cret-9","Domain":"x"}'; Message = 'Unexpected credential property: Domain' }
        @{ Case = 'no user name'; Json = '{"Password":"S3cret-9"}'; Message = 'Argument Credential has no user name.' }
        @{ Case = 'an empty user name'; Json = '{"UserName":"","Password":"S3cret-9"}'; Message = 'Argument Credential has no user name.' }
        @{ Case = 'a password that is not text'; Json = '{"UserName":"u","Password":12345}'; Message = 'Argument Credential has no sealed password.' }
        @{ Case = 'no password'; Json = '{"UserName":"u"}'; Message = 'Argument Credential has no sealed password.' }
        @{ Case = 'a password in a list'; Json = '{"UserName":"u","Password":["S3cret-9"]}'; Message = 'Argument Credential has no sealed password.' }
        @{ Case = 'a list'; Json = '["u","S3cret-9"]'; Message = 'Argument Credential is not a JSON object.' }
    ) {
        $thrown = Get-TestRefusal $Json
        $thrown.ToString() | Should -BeExactly $Message
        $thrown.ToString() | Should -Not -Match 'S3cret'
    }

    It 'refuses a password in clear as secret-unreadable: it is never taken as it is' {
        $thrown = Get-TestRefusal '{"UserName":"u","Password":"S3cret-9"}'
        $thrown.FullyQualifiedErrorId | Should -BeExactly 'secret-unreadable'
        $thrown.ToString() | Should -Not -Match 'S3cret'
    }

    It 'refuses a password sealed to another key as secret-key-changed, and an altered one as secret-unreadable' {
        $other = Get-TestRefusal ([pscustomobject]@{ UserName = 'u'; Password = (Protect-GpuPvTestSecret -Text 'S3cret-9' -OtherKey) })
        $other.FullyQualifiedErrorId | Should -BeExactly 'secret-key-changed'
        $other.ToString() | Should -Match 'sealed to another session key'
        $altered = Get-TestRefusal ([pscustomobject]@{ UserName = 'u'; Password = (Get-GpuPvTamperedSecret (Protect-GpuPvTestSecret -Text 'S3cret-9')) })
        $altered.FullyQualifiedErrorId | Should -BeExactly 'secret-unreadable'
        foreach ($thrown in @($other, $altered)) {
            $thrown.ToString() | Should -Not -Match 'S3cret'
        }
    }

    It 'refuses any sealed password as secret-key-changed in a shell never asked for its key' {
        $sealed = Protect-GpuPvTestSecret -Text 'S3cret-9'
        InModuleScope GpuPv { $script:GpuPvSessionKey = $null }
        (Get-TestRefusal ([pscustomobject]@{ UserName = 'u'; Password = $sealed })).FullyQualifiedErrorId | Should -BeExactly 'secret-key-changed'
    }
}
