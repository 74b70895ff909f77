function ConvertFrom-GpuPvGuestStore {
    # What the guest block read, checked again on the host before it is answered: online it comes
    # from the running guest, whose administrator may be hostile. A refusal the block made becomes its
    # failure; more entries than the sync reads, texts longer than it reads, or paths that are not
    # its own are refused, never passed on.
    param(
        $Store,
        [string[]] $LooseFiles
    )
    $limits = $script:GpuPvGuestLimits
    $refused = [string] $Store.Refused
    if ($refused -ceq 'Link') {
        if (-not (Test-GpuPvGuestAnswerPath -Value $Store.Path)) {
            return New-GpuPvGuestDataFailure -Problem 'a link at a path that is not one'
        }
        return New-GpuPvLinkFailure -Path $Store.Path -When 'read'
    }
    if ($refused -ceq 'TooMany') {
        return New-GpuPvGuestDataFailure -Problem 'TooMany'
    }
    if (-not [string]::IsNullOrEmpty($refused)) {
        return New-GpuPvGuestDataFailure -Problem 'an unknown refusal'
    }
    $entries = @($Store.Entries)
    if ($entries.Count -gt $limits['StoreEntries']) {
        return New-GpuPvGuestDataFailure -Problem 'TooMany'
    }
    $prefix = 'System32\HostDriverStore\'
    $checked = New-Object -TypeName 'System.Collections.ArrayList'
    foreach ($entry in $entries) {
        $path = $entry.Path
        $length = $entry.Length
        if (-not (Test-GpuPvGuestAnswerPath -Value $path) -or -not $path.StartsWith($prefix, [StringComparison]::OrdinalIgnoreCase) -or
            -not ($null -eq $length -or ($length -is [string] -and $length -cmatch '\A\d{1,20}\z'))) {
            return New-GpuPvGuestDataFailure -Problem 'a store entry outside HostDriverStore, or without a length'
        }
        [void] $checked.Add([pscustomobject]@{ Path = $path; Directory = [bool] $entry.Directory; Length = $length })
    }
    # The loose files answered are those asked for, in order, each with a length or none.
    $loose = @($Store.LooseFiles)
    if ($loose.Count -ne $LooseFiles.Count) {
        return New-GpuPvGuestDataFailure -Problem 'another list of loose files than asked'
    }
    $looseChecked = New-Object -TypeName 'System.Collections.ArrayList'
    for ($i = 0; $i -lt $loose.Count; $i++) {
        $length = $loose[$i].Length
        if (-not ($null -eq $length -or ($length -is [string] -and $length -cmatch '\A\d{1,20}\z'))) {
            return New-GpuPvGuestDataFailure -Problem 'a loose file without a length'
        }
        [void] $looseChecked.Add([pscustomobject]@{ Path = $LooseFiles[$i]; Length = $length })
    }
    # A text longer than the sync reads is not passed on: named as oversized, as the block does.
    $answered = @($Store.Oversized)
    $manifestPath = 'System32\HostDriverStore\gpupv-manifest.json'
    $journalPath = 'System32\HostDriverStore\.gpupv-sync\journal.json'
    $oversized = New-Object -TypeName 'System.Collections.ArrayList'
    $manifest = [string] $Store.Manifest
    if ($answered -ccontains $manifestPath -or $manifest.Length -gt $limits['ManifestBytes']) {
        [void] $oversized.Add($manifestPath)
        $manifest = $null
    }
    $journal = [string] $Store.Journal
    if ($answered -ccontains $journalPath -or $journal.Length -gt $limits['JournalBytes']) {
        [void] $oversized.Add($journalPath)
        $journal = $null
    }
    return [pscustomobject]@{
        Manifest   = $manifest
        Journal    = $journal
        Oversized  = $oversized.ToArray()
        Entries    = $checked.ToArray()
        LooseFiles = $looseChecked.ToArray()
    }
}
