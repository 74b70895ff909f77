function Get-GpuPvAdapterList {
    param(
        [hashtable] $Table,
        $VMId
    )
    $key = [string] $VMId
    if ($Table.ContainsKey($key)) {
        return , $Table[$key].ToArray()
    }
    return , @()
}
