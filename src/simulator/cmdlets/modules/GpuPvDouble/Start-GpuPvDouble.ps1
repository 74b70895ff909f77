# The first line of every shell of the double, before the module under test is imported. It prints
# nothing (the session reads one reply line per call).
# - C: is the simulated host's disk folder (GPUPV_DOUBLE_HOST_DRIVE): the host's driver files keep
#   their Windows names (C:\Windows\System32\DriverStore\FileRepository\...) for PowerShell's cmdlets.
# - The doubles of core cmdlets (PowerShell Direct, Windows ACLs) are imported into the global scope,
#   where functions come before cmdlets: a module is never autoloaded for a command that exists.
# - GPUPV_DOUBLE_KILL_FILE: a kill test's trigger (see Register-GpuPvDoubleKill).
$null = New-PSDrive -Name 'C' -PSProvider 'FileSystem' -Root $env:GPUPV_DOUBLE_HOST_DRIVE -Scope 'Global'
Import-Module -Name 'GpuPvRemotingDouble', 'WindowsAclDouble' -Global -Verbose:$false
if (-not [string]::IsNullOrEmpty($env:GPUPV_DOUBLE_KILL_FILE)) {
    Import-Module -Name 'GpuPvDouble' -Verbose:$false
    Register-GpuPvDoubleKill -TriggerFile $env:GPUPV_DOUBLE_KILL_FILE
}
