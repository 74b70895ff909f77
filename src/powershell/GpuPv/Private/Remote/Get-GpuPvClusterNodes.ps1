function Get-GpuPvClusterNodes {
    # The failover cluster this host belongs to, by Get-ClusterNode. The FailoverClusters module is
    # there only with the feature or RSAT installed: its absence is this module's own id.
    if ($null -eq (Get-Command -Name 'Get-ClusterNode' -ErrorAction SilentlyContinue)) {
        return New-GpuPvFailure -Id 'cluster-module-missing' -Message 'The FailoverClusters PowerShell module is not available on this host (Get-ClusterNode).' -Category 'ObjectNotFound'
    }
    $nodes = @(Get-ClusterNode -ErrorAction Stop)
    return , @($nodes | ForEach-Object -Process {
            [pscustomobject]@{ Name = [string] $_.Name; State = [string] $_.State; Id = [string] $_.Id }
        })
}
