# Static, over the built module, with PowerShell's own parser: every call to a command that is a script
# function of another module on Windows (Storage's CDXML cmdlets, BitLocker's, 5.1's Get-FileHash) says
# -ErrorAction itself, since this module's $ErrorActionPreference does not reach it. Running cannot
# show this for every call: it needs each call's failure, on Windows.
BeforeDiscovery {
    $gpuPvRepoRoot = $PSScriptRoot
    while (-not (Test-Path -LiteralPath (Join-Path -Path $gpuPvRepoRoot -ChildPath 'package.json'))) {
        $gpuPvRepoRoot = Split-Path -Path $gpuPvRepoRoot -Parent
    }
    $tokens = $null
    $parseErrors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path -Path $gpuPvRepoRoot -ChildPath 'dist/powershell/GpuPv.psm1'), [ref] $tokens, [ref] $parseErrors)
    $scriptFunctions = @(
        # Storage (CDXML)
        'Get-Disk', 'Set-Disk', 'Initialize-Disk', 'Get-Partition', 'New-Partition', 'Set-Partition', 'Remove-Partition',
        'Add-PartitionAccessPath', 'Remove-PartitionAccessPath', 'Get-PartitionSupportedSize', 'Get-Volume', 'Format-Volume',
        'Get-DiskImage', 'Mount-DiskImage', 'Dismount-DiskImage',
        # BitLocker (a script module)
        'Get-BitLockerVolume', 'Unlock-BitLocker',
        # Microsoft.PowerShell.Utility's script functions in Windows PowerShell 5.1
        'Get-FileHash'
    )
    $gpuPvCalls = @($ast.FindAll({
                param($node)
                $node -is [System.Management.Automation.Language.CommandAst] -and $node.GetCommandName() -in $scriptFunctions
            }, $true) | ForEach-Object {
            $elements = $_.CommandElements
            $action = $null
            for ($i = 1; $i -lt $elements.Count; $i++) {
                $element = $elements[$i]
                if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and $element.ParameterName -eq 'ErrorAction') {
                    $value = $element.Argument
                    if ($null -eq $value -and $i + 1 -lt $elements.Count) {
                        $value = $elements[$i + 1]
                    }
                    if ($value -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                        $action = $value.Value
                    }
                    else {
                        $action = '(not a constant)'
                    }
                }
            }
            @{ Name = $_.GetCommandName(); Line = $_.Extent.StartLineNumber; Text = $_.Extent.Text; Action = $action }
        })
}

Describe 'Calls to Storage, BitLocker and Get-FileHash in the built module' {
    It 'finds them (the check is not empty)' -ForEach @(@{ Found = $gpuPvCalls.Count }) {
        $Found | Should -BeGreaterOrEqual 6
    }

    It 'line <Line>: <Name> says -ErrorAction Stop (or SilentlyContinue where failing is expected)' -ForEach $gpuPvCalls {
        # Where a failure is an answer, not an error: a blank data disk has no partition, and an
        # access path is removed on a disk that is dismounted right after (which removes it anyway).
        $silentAllowed = @{ 'Get-Partition' = $true; 'Remove-PartitionAccessPath' = $true }
        if ($Action -eq 'SilentlyContinue' -and $silentAllowed.ContainsKey($Name)) {
            return
        }
        $Action | Should -BeExactly 'Stop' -Because $Text
    }
}
