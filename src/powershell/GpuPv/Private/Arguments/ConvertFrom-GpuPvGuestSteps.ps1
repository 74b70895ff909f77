function ConvertFrom-GpuPvGuestSteps {
    # Steps: [{ Op: Move|Remove|Link|Write, ... }] (1-20000) -> hashtables with exactly the step's
    # fields, so they travel to the guest as plain hashtables.
    param($Value)
    $list = ConvertFrom-GpuPvList -Name 'Steps' -Value $Value -Minimum 1 -Maximum 20000
    $steps = New-Object -TypeName 'System.Collections.ArrayList'
    foreach ($item in $list) {
        if (-not (Test-GpuPvJsonObject -Value $item)) {
            throw 'Argument Steps holds an element that is not a JSON object.'
        }
        $op = Get-GpuPvJsonValue -Value $item -Name 'Op'
        if ($op -ceq 'Move' -or $op -ceq 'Link') {
            Assert-GpuPvProperties -Name 'Steps[]' -Value $item -Allowed @('Op', 'From', 'To') -Required @('Op', 'From', 'To')
            $step = @{
                Op   = $op
                From = (ConvertFrom-GpuPvPath -Name 'Steps[].From' -Value $item.From -Pattern $script:GpuPvGuestPathPattern)
                To   = (ConvertFrom-GpuPvPath -Name 'Steps[].To' -Value $item.To -Pattern $script:GpuPvGuestPathPattern)
            }
        }
        elseif ($op -ceq 'Remove') {
            Assert-GpuPvProperties -Name 'Steps[]' -Value $item -Allowed @('Op', 'Path') -Required @('Op', 'Path')
            $step = @{
                Op   = $op
                Path = (ConvertFrom-GpuPvPath -Name 'Steps[].Path' -Value $item.Path -Pattern $script:GpuPvGuestPathPattern)
            }
        }
        elseif ($op -ceq 'Write') {
            Assert-GpuPvProperties -Name 'Steps[]' -Value $item -Allowed @('Op', 'Path', 'ContentBase64') -Required @('Op', 'Path', 'ContentBase64')
            $content = $item.ContentBase64
            if (-not ($content -is [string]) -or $content.Length -gt 16777216 -or -not ($content -cmatch '\A[A-Za-z0-9+/]*={0,2}\z')) {
                throw 'Argument Steps[].ContentBase64 is not base64 text (at most 16 MB).'
            }
            $step = @{
                Op            = $op
                Path          = (ConvertFrom-GpuPvPath -Name 'Steps[].Path' -Value $item.Path -Pattern $script:GpuPvGuestPathPattern)
                ContentBase64 = $content
            }
        }
        else {
            throw 'Argument Steps[].Op must be Move, Remove, Link or Write.'
        }
        [void] $steps.Add($step)
    }
    return , $steps.ToArray()
}
