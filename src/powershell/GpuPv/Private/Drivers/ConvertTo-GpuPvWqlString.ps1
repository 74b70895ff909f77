function ConvertTo-GpuPvWqlString {
    # The content of a WQL string literal: backslash and single quote escaped with a backslash.
    param([string] $Value)
    return $Value.Replace('\', '\\').Replace("'", "\'")
}
