function ConvertTo-GpuPvReplyText {
    # The envelope as one line: base64 of its UTF-8 JSON.
    param($Reply)
    try {
        $json = ConvertTo-Json -InputObject $Reply -Depth 8 -Compress
    }
    catch {
        $json = ConvertTo-Json -InputObject (New-GpuPvFailure -Id 'hyperv-error' -ErrorRecord $_) -Depth 4 -Compress
    }
    return [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json))
}
