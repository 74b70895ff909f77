function Write-GpuPvReply {
    # The one line of the reply. Nothing goes to the pipeline.
    param([string] $Text)
    [Console]::Out.WriteLine($Text)
}
