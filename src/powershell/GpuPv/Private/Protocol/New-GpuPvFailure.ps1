function New-GpuPvFailure {
    # $Category (untyped, so it stays $null when not given) names the failure's kind when there is
    # no error record, e.g. for a refusal of the module itself.
    param(
        [string] $Id,
        [string] $Message,
        $ErrorRecord,
        $Category
    )
    $fullyQualifiedErrorId = $null
    if ($null -ne $ErrorRecord) {
        # ToString() prefers ErrorDetails.Message (what PowerShell itself prints) over the exception's.
        $Message = $ErrorRecord.ToString()
        $Category = $ErrorRecord.CategoryInfo.Category.ToString()
        $fullyQualifiedErrorId = [string] $ErrorRecord.FullyQualifiedErrorId
    }
    if ([string]::IsNullOrEmpty($Message)) {
        $Message = 'The operation failed without a message.'
    }
    return [ordered]@{
        ok    = $false
        error = [ordered]@{
            id                    = $Id
            message               = $Message
            category              = $Category
            fullyQualifiedErrorId = $fullyQualifiedErrorId
        }
    }
}
