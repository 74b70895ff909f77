# Remote hosts. The local shell stays the one session of the extension: Connect-GpuPvRemote opens a
# PSSession to the host (WinRM or SSH), copies the built module there and imports it, and from then
# on Invoke-GpuPv forwards each call's operation and payload unchanged. PowerShell remoting is the
# transport; there is no agent of our own on the host.

function Connect-GpuPvRemote {
    # The connect line (src/host/remoteLaunch.ts). Answers one envelope line, like a call; a
    # remoting error travels with New-PSSession's own text, which the extension maps to an id.
    param([string] $Payload)
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    $WarningPreference = 'SilentlyContinue'
    $VerbosePreference = 'SilentlyContinue'
    $InformationPreference = 'SilentlyContinue'
    try {
        $reply = Open-GpuPvRemoteSession -Payload $Payload
    }
    catch {
        $reply = New-GpuPvFailure -Id 'hyperv-error' -ErrorRecord $_
    }
    Write-GpuPvReply -Text (ConvertTo-GpuPvReplyText -Reply $reply)
}
