# The driver sync's file steps, checked before they travel to the guest as plain hashtables.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')

    function ConvertFrom-TestSteps {
        param([string] $Json)
        $value = (ConvertFrom-Json -InputObject ('{{"v":{0}}}' -f $Json)).v
        InModuleScope GpuPv -Parameters @{ Value = $value } { ConvertFrom-GpuPvGuestSteps -Value $Value }
    }
}

Describe 'ConvertFrom-GpuPvGuestSteps' {
    It 'answers one hashtable per step with exactly its fields, a single step still in an array' {
        $one = ConvertFrom-TestSteps '[{"Op":"Remove","Path":"System32\\HostDriverStore\\.gpupv-sync\\run-1"}]'
        , $one | Should -BeOfType [object[]]
        $one.Count | Should -Be 1
        $one[0] | Should -BeOfType [hashtable]
        $one[0].Keys | Sort-Object | Should -Be @('Op', 'Path')
        $steps = ConvertFrom-TestSteps '[{"Op":"Move","From":"System32\\a","To":"System32\\b"},{"Op":"Write","Path":"System32\\HostDriverStore\\gpupv-manifest.json","ContentBase64":"e30="}]'
        $steps[0].Keys | Sort-Object | Should -Be @('From', 'Op', 'To')
        $steps[1]['ContentBase64'] | Should -BeExactly 'e30='
    }

    It 'refuses <Case>' -ForEach @(
        @{ Case = 'no step'; Json = '[]'; Message = 'Argument Steps must hold 1 to 20000 elements.' }
        @{ Case = 'an unknown operation'; Json = '[{"Op":"Run","Path":"System32\\x"}]'; Message = 'Argument Steps[].Op must be Move, Remove, Link or Write.' }
        @{ Case = 'a step without an operation'; Json = '[{"Path":"System32\\x"}]'; Message = 'Argument Steps[].Op must be Move, Remove, Link or Write.' }
        @{ Case = 'a field of another operation'; Json = '[{"Op":"Remove","Path":"System32\\x","To":"System32\\y"}]'; Message = 'Argument Steps[] has an unexpected property: To' }
        @{ Case = 'a missing field'; Json = '[{"Op":"Link","From":"System32\\x"}]'; Message = 'Argument Steps[] has no To.' }
        @{ Case = 'a path leaving the Windows folder'; Json = '[{"Op":"Move","From":"System32\\x","To":"..\\x"}]'; Message = 'Argument Steps[].To holds a path that is not allowed: ..\x' }
        @{ Case = 'content that is not base64'; Json = '[{"Op":"Write","Path":"System32\\x","ContentBase64":"not base64"}]'; Message = 'Argument Steps[].ContentBase64 is not base64 text (at most 16 MB).' }
        @{ Case = 'a step that is not an object'; Json = '["Remove"]'; Message = 'Argument Steps holds an element that is not a JSON object.' }
    ) {
        { ConvertFrom-TestSteps $Json } | Should -Throw -ExpectedMessage ([WildcardPattern]::Escape($Message))
    }
}
