# Dot-sourced by the BeforeAll of every test file: imports the built module (dist/powershell/GpuPv.psm1,
# what the extension imports and copies to remote hosts), afresh so no state leaks between files, and
# puts both the module's own scope and the calling test's scope under Set-StrictMode -Version Latest:
# a misspelt variable or a property that does not exist fails the test instead of reading $null.
# Also defines ConvertTo-GpuPvTestPayload: a value as the extension sends it (base64 of UTF-8 JSON).
$gpuPvRepoRoot = $PSScriptRoot
while (-not (Test-Path -LiteralPath (Join-Path -Path $gpuPvRepoRoot -ChildPath 'package.json'))) {
    $gpuPvRepoRoot = Split-Path -Path $gpuPvRepoRoot -Parent
    if ([string]::IsNullOrEmpty($gpuPvRepoRoot)) {
        throw "No package.json above ${PSScriptRoot}: the tests run inside the repository."
    }
}
$gpuPvBuiltModule = Join-Path -Path $gpuPvRepoRoot -ChildPath 'dist/powershell/GpuPv.psm1'
if (-not (Test-Path -LiteralPath $gpuPvBuiltModule)) {
    throw "$gpuPvBuiltModule does not exist: run npm run build (npm test and scripts/powershell/run-pester.mjs build it)."
}
$gpuPvModule = Import-Module -Name $gpuPvBuiltModule -Force -DisableNameChecking -PassThru
. $gpuPvModule { Set-StrictMode -Version Latest }
Set-StrictMode -Version Latest

function ConvertTo-GpuPvTestPayload {
    param($Value)
    $json = $Value
    if (-not ($Value -is [string])) {
        $json = ConvertTo-Json -InputObject $Value -Depth 8 -Compress
    }
    return [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json))
}
