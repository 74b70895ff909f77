function Invoke-GpuPvRemote {
    # One call on the remote host; its reply line comes back as it is. A broken session answers
    # 'remote-connection-lost', and the extension starts a new shell, which reconnects.
    param(
        [string] $Operation,
        [string] $Payload
    )
    try {
        $text = Invoke-Command -Session $script:GpuPvRemoteSession -ErrorAction Stop -ArgumentList $Operation, $Payload -ScriptBlock {
            param($RemoteOperation, $RemotePayload)
            Invoke-GpuPv -Operation $RemoteOperation -Payload $RemotePayload -AsText
        }
        return [string] $text
    }
    catch {
        return (ConvertTo-GpuPvReplyText -Reply (New-GpuPvFailure -Id 'remote-connection-lost' -ErrorRecord $_))
    }
}
