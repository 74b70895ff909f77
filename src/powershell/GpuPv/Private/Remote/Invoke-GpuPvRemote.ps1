function Invoke-GpuPvRemote {
    # One call on the remote host; its reply line comes back as it is. A broken session answers
    # 'remote-connection-lost', and the extension starts a new shell, which reconnects.
    param(
        [string] $Operation,
        [string] $Payload
    )
    # Over SSH a lost connection makes ssh say so on the console, mid-call: caught, not in the reply.
    $capture = Start-GpuPvConsoleCapture
    $failure = $null
    try {
        $text = Invoke-Command -Session $script:GpuPvRemoteSession -ErrorAction Stop -ArgumentList $Operation, $Payload -ScriptBlock {
            param($RemoteOperation, $RemotePayload)
            Invoke-GpuPv -Operation $RemoteOperation -Payload $RemotePayload -AsText
        }
    }
    catch {
        $failure = $_
    }
    finally {
        # In a finally: a stopped pipeline skips catch, and must not leave the console captured.
        $said = Stop-GpuPvConsoleCapture -Capture $capture -Failed:($null -ne $failure)
    }
    if ($null -ne $failure) {
        Add-GpuPvTransportReason -ErrorRecord $failure -Said $said
        return (ConvertTo-GpuPvReplyText -Reply (New-GpuPvFailure -Id 'remote-connection-lost' -ErrorRecord $failure))
    }
    return [string] $text
}
