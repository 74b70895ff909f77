function Invoke-GpuPv {
    # A simple (not advanced) function on purpose: a binding error of an advanced function would be
    # written to stderr before any of our code runs. Both parameters are plain strings.
    # -AsText returns the reply line instead of printing it: a remote host's copy of this module
    # answers the local one that way (its console is not ours).
    param(
        [string] $Operation,
        [string] $Payload,
        [switch] $AsText
    )
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    $WarningPreference = 'SilentlyContinue'
    $VerbosePreference = 'SilentlyContinue'
    $DebugPreference = 'SilentlyContinue'
    $InformationPreference = 'SilentlyContinue'

    if ($null -ne $script:GpuPvRemoteSession -and -not $AsText) {
        $text = Invoke-GpuPvRemote -Operation $Operation -Payload $Payload
    }
    else {
        try {
            $reply = Invoke-GpuPvOperation -Operation $Operation -Payload $Payload
        }
        catch {
            # Last resort: a fault in this module itself is still answered as an envelope, not on stderr.
            $reply = New-GpuPvFailure -Id 'hyperv-error' -ErrorRecord $_
        }
        $text = ConvertTo-GpuPvReplyText -Reply $reply
        if ($AsText) {
            return $text
        }
    }
    Write-GpuPvReply -Text $text
}
