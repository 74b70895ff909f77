function Limit-GpuPvGuestText {
    # A string the guest chose (a device name, a failure text), cut to $Maximum characters, the last
    # three '...' when it was longer; $null stays $null and anything else becomes its text.
    param(
        $Value,
        [int] $Maximum
    )
    if ($null -eq $Value) {
        return $null
    }
    $text = [string] $Value
    if ($text.Length -le $Maximum) {
        return $text
    }
    return $text.Substring(0, $Maximum - 3) + '...'
}
