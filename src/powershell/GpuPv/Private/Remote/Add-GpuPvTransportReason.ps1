function Add-GpuPvTransportReason {
    # What the transport printed (ssh's reason, from Stop-GpuPvConsoleCapture) joins the error's
    # text, where the extension's patterns look for it; the record keeps its error id and category.
    param(
        $ErrorRecord,
        [string] $Said
    )
    if ($Said -ne '') {
        $ErrorRecord.ErrorDetails = New-Object -TypeName 'System.Management.Automation.ErrorDetails' -ArgumentList ('{0} ssh: {1}' -f $ErrorRecord.ToString(), $Said)
    }
}
