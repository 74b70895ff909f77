# A credential argument becomes a PSCredential; the password is never written anywhere, errors included.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')

    function ConvertFrom-TestCredential {
        param([string] $Json)
        $value = ConvertFrom-Json -InputObject $Json
        InModuleScope GpuPv -Parameters @{ Value = $value } { ConvertFrom-GpuPvCredential -Value $Value }
    }
}

Describe 'ConvertFrom-GpuPvCredential' {
    It 'makes a read-only PSCredential holding the user name and the password' {
        $credential = ConvertFrom-TestCredential '{"UserName":"CONTOSO\\hvadmin","Password":"p\u00e4ss\"w0rd $(x)"}'
        $credential | Should -BeOfType [System.Management.Automation.PSCredential]
        $credential.UserName | Should -BeExactly 'CONTOSO\hvadmin'
        $credential.Password.IsReadOnly() | Should -BeTrue
        $credential.GetNetworkCredential().Password | Should -BeExactly ('p' + [char] 0x00E4 + 'ss"w0rd $(x)')
    }

    It 'accepts an empty password (an account without one)' {
        (ConvertFrom-TestCredential '{"UserName":"guest","Password":""}').GetNetworkCredential().Password | Should -BeExactly ''
    }

    It 'refuses <Case>, without the password in the message' -ForEach @(
        @{ Case = 'an extra property'; Json = '{"UserName":"u","Password":"S3cret-9","Domain":"x"}'; Message = 'Unexpected credential property: Domain' }
        @{ Case = 'no user name'; Json = '{"Password":"S3cret-9"}'; Message = 'Argument Credential has no user name.' }
        @{ Case = 'an empty user name'; Json = '{"UserName":"","Password":"S3cret-9"}'; Message = 'Argument Credential has no user name.' }
        @{ Case = 'a password that is not text'; Json = '{"UserName":"u","Password":12345}'; Message = 'Argument Credential has no password.' }
        @{ Case = 'no password'; Json = '{"UserName":"u"}'; Message = 'Argument Credential has no password.' }
        @{ Case = 'a password in a list'; Json = '{"UserName":"u","Password":["S3cret-9"]}'; Message = 'Argument Credential has no password.' }
        @{ Case = 'a list'; Json = '["u","S3cret-9"]'; Message = 'Argument Credential is not a JSON object.' }
    ) {
        $thrown = $null
        try {
            ConvertFrom-TestCredential $Json
        }
        catch {
            $thrown = $_
        }
        $thrown | Should -Not -BeNullOrEmpty
        $thrown.ToString() | Should -BeExactly $Message
        $thrown.ToString() | Should -Not -Match 'S3cret'
    }
}
