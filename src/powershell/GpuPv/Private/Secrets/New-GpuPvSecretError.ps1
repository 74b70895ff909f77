function New-GpuPvSecretError {
    # The error record a refused secret is thrown as: its id is the FullyQualifiedErrorId, which the
    # dispatch answers as the failure's id (Resolve-GpuPvFailureId). The text says nothing of the secret.
    param([string] $Id)
    $exception = New-Object -TypeName System.Security.SecurityException -ArgumentList $script:GpuPvSecretTexts[$Id]
    return (New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, $Id, ([System.Management.Automation.ErrorCategory]::SecurityError), $null)
}
