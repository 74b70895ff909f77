function Resolve-GpuPvFailureId {
    # The id a failure is answered with: a refused secret's own (New-GpuPvSecretError), else $Default.
    param(
        $ErrorRecord,
        [string] $Default
    )
    $id = [string] $ErrorRecord.FullyQualifiedErrorId
    if ($script:GpuPvSecretTexts.ContainsKey($id)) {
        return $id
    }
    return $Default
}
