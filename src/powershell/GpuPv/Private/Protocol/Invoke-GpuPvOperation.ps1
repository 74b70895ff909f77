function Invoke-GpuPvOperation {
    param(
        [string] $Operation,
        [string] $Payload
    )
    if (-not ([string[]] $script:GpuPvOperations.Keys -ccontains $Operation)) {
        return New-GpuPvFailure -Id 'unknown-operation' -Message ('Unknown operation: {0}' -f $Operation)
    }
    $entry = $script:GpuPvOperations[$Operation]

    try {
        # A sealed secret is opened here, before anything runs: one that cannot be is refused with its own id.
        $arguments = ConvertFrom-GpuPvPayload -Payload $Payload -Expected $entry.Arguments
    }
    catch {
        return New-GpuPvFailure -Id (Resolve-GpuPvFailureId -ErrorRecord $_ -Default 'invalid-argument') -ErrorRecord $_
    }

    if ($entry.NeedsHyperV -and -not $script:HyperVModuleLoaded) {
        return New-GpuPvFailure -Id 'hyperv-missing' -Message 'The Hyper-V PowerShell module is not available on this host.'
    }

    try {
        # Streams 3-6 (warning, verbose, debug, information/Write-Host) are dropped; errors are
        # terminating ($ErrorActionPreference = 'Stop') and land in the catch below.
        $result = & $entry.Handler $arguments 3>$null 4>$null 5>$null 6>$null
        if (Test-GpuPvFailure -Value $result) {
            # The handler refused by itself, before or instead of calling a cmdlet.
            return $result
        }
        return [ordered]@{ ok = $true; result = $result }
    }
    catch {
        return New-GpuPvFailure -Id 'hyperv-error' -ErrorRecord $_
    }
}
