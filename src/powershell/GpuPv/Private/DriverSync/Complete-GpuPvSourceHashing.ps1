function Complete-GpuPvSourceHashing {
    # The hashes Start-GpuPvSourceHashing computed, in the order of its paths (a file it could not read
    # fails here); with -Discard (the copy failed), the hashing is stopped instead. The runspace is
    # disposed either way.
    param(
        $Hashing,
        [switch] $Discard
    )
    try {
        if ($Discard) {
            $Hashing.Shell.Stop()
            return
        }
        $hashes = @($Hashing.Shell.EndInvoke($Hashing.Pending))
        if ($Hashing.Shell.HadErrors -or $hashes.Count -ne $Hashing.Count) {
            throw ('Hashing the host files answered {0} of {1} hashes.' -f $hashes.Count, $Hashing.Count)
        }
        return , $hashes
    }
    finally {
        $Hashing.Shell.Dispose()
    }
}
