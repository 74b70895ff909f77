function Test-GpuPvVolumeLocked {
    # BitLocker's answer for a volume whose files cannot be read, when the BitLocker module is there.
    param([string] $AccessPath)
    if (-not (Get-Command -Name 'Get-BitLockerVolume' -ErrorAction SilentlyContinue)) {
        return $false
    }
    try {
        $bitLocker = Get-BitLockerVolume -MountPoint $AccessPath -ErrorAction Stop
        return ([string] $bitLocker.LockStatus -eq 'Locked')
    }
    catch {
        return $false
    }
}
