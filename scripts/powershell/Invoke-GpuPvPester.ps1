# Runs the Pester tests of the PowerShell module (test/pester) with the Pester module given by path,
# prints each test as it runs, and writes the counts as JSON for scripts/test.mjs:
#   { "passed": n, "failed": n, "pending": n }
# A block or file that fails outside its tests (a BeforeAll, a parse error) counts as a failed test.
# Exit code 0 only when nothing failed. Called by scripts/powershell/run-pester.mjs.
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    # Test files or folders, separated by the platform's path separator (pwsh -File passes one string).
    [Parameter(Mandatory)] [string] $Path,
    [string] $CountsFile
)
$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterManifest -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = @($Path -split [Regex]::Escape([IO.Path]::PathSeparator))
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $configuration

$counts = [ordered]@{
    passed  = $result.PassedCount
    failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    pending = $result.SkippedCount + $result.InconclusiveCount
}
if ($CountsFile) {
    [IO.File]::WriteAllText($CountsFile, (ConvertTo-Json -InputObject $counts -Compress))
}
if ($counts.failed -gt 0 -or $result.Result -ne 'Passed') {
    exit 1
}
exit 0
