# The reply line: base64 of the envelope's UTF-8 JSON, on one line.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '../../Import-GpuPvBuiltModule.ps1')

    function ConvertFrom-ReplyText {
        param([string] $Text)
        return [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Text))
    }
}

Describe 'ConvertTo-GpuPvReplyText' {
    It 'answers one base64 line of compact JSON' {
        $text = InModuleScope GpuPv { ConvertTo-GpuPvReplyText -Reply ([ordered]@{ ok = $true; result = [pscustomobject]@{ Name = 'VM 1' } }) }
        $text | Should -Match '\A[A-Za-z0-9+/]+={0,2}\z'
        ConvertFrom-ReplyText $text | Should -BeExactly '{"ok":true,"result":{"Name":"VM 1"}}'
    }

    It 'prints UInt64 values exactly, up to 2^64-1' {
        $reply = [ordered]@{ ok = $true; result = [pscustomobject]@{ Max = [UInt64]::MaxValue; Above53 = [UInt64] 9007199254740993 } }
        $text = InModuleScope GpuPv -Parameters @{ Reply = $reply } { ConvertTo-GpuPvReplyText -Reply $Reply }
        ConvertFrom-ReplyText $text | Should -BeExactly '{"ok":true,"result":{"Max":18446744073709551615,"Above53":9007199254740993}}'
    }

    It 'encodes non-ASCII text as UTF-8, so the line itself stays ASCII whatever the console code page' {
        $reply = [ordered]@{ ok = $true; result = 'Grafik-Pr' + [char] 0x00FC + 'fstand ' + [char] 0x30C6 }
        $text = InModuleScope GpuPv -Parameters @{ Reply = $reply } { ConvertTo-GpuPvReplyText -Reply $Reply }
        $bytes = [Convert]::FromBase64String($text)
        [Text.Encoding]::UTF8.GetString($bytes) | Should -BeExactly ('{"ok":true,"result":"Grafik-Pr' + [char] 0x00FC + 'fstand ' + [char] 0x30C6 + '"}')
    }

    It 'keeps nested results up to the depth the protocol uses' {
        $deep = [pscustomobject]@{ A = [pscustomobject]@{ B = [pscustomobject]@{ C = [pscustomobject]@{ D = [pscustomobject]@{ E = [pscustomobject]@{ F = 'leaf' } } } } } }
        $text = InModuleScope GpuPv -Parameters @{ Deep = $deep } { ConvertTo-GpuPvReplyText -Reply ([ordered]@{ ok = $true; result = $Deep }) }
        ConvertFrom-ReplyText $text | Should -BeExactly '{"ok":true,"result":{"A":{"B":{"C":{"D":{"E":{"F":"leaf"}}}}}}}'
    }
}
