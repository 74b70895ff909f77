# A double of Windows' BitLocker module (a script module there too): Get-BitLockerVolume of a volume
# the Storage double mounted at an access path, from the VM disk's BitLocker state in the model.
Import-Module -Name 'GpuPvDouble' -Verbose:$false

function Get-BitLockerVolume {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)] [string[]] $MountPoint)
    process {
        foreach ($item in $MountPoint) {
            $path = ConvertTo-GpuPvDoubleFolder -Cmdlet $PSCmdlet -Path $item
            $call = @{
                Cmdlet         = 'Get-BitLockerVolume'
                Parameters     = @{ MountPoint = $path }
                Caller         = $PSCmdlet
                TypeName       = 'Microsoft.BitLocker.Structures.BitLockerVolume'
                ScriptFunction = $true
            }
            Invoke-GpuPvDoubleCmdlet @call
        }
    }
}

Export-ModuleMember -Function 'Get-BitLockerVolume'
