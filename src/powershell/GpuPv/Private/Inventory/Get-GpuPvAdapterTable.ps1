function Get-GpuPvAdapterTable {
    # Every adapter of the given VMs in one pipeline, grouped by VMId (string, case-insensitive keys).
    param([object[]] $VM)
    $table = @{}
    if ($VM.Count -eq 0 -or -not (Get-Command -Name 'Get-VMGpuPartitionAdapter' -ErrorAction SilentlyContinue)) {
        return $table
    }
    $adapters = @($VM | Get-VMGpuPartitionAdapter | Select-Object -Property '*' -ExcludeProperty 'CimSession')
    foreach ($adapter in $adapters) {
        $key = [string] $adapter.VMId
        if (-not $table.ContainsKey($key)) {
            $table[$key] = New-Object -TypeName 'System.Collections.ArrayList'
        }
        [void] $table[$key].Add($adapter)
    }
    return $table
}
