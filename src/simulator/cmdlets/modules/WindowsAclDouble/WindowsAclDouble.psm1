# Windows ACLs for the tests on Linux, where .NET has no DirectorySecurity and PowerShell no Set-Acl:
# New-Object of DirectorySecurity gives an object that keeps the SDDL it is given, Set-Acl keeps it
# for the folder (in $global:GpuPvDoubleAcls). What the ACL then allows only a Windows host can test.
# Every other New-Object goes to the real cmdlet. Imported by the double's launch, like the remoting
# double, since New-Object is a core cmdlet that a module is never autoloaded for.

$global:GpuPvDoubleAcls = @{}

function New-Object {
    [CmdletBinding(DefaultParameterSetName = 'Net')]
    param(
        [Parameter(ParameterSetName = 'Net', Mandatory = $true, Position = 0)] [string] $TypeName,
        [Parameter(ParameterSetName = 'Net', Position = 1)] [Alias('Args')] [object[]] $ArgumentList,
        [hashtable] $Property
    )
    if ($TypeName -ne 'System.Security.AccessControl.DirectorySecurity') {
        Microsoft.PowerShell.Utility\New-Object @PSBoundParameters
        return
    }
    $security = [pscustomobject]@{ PSTypeName = 'System.Security.AccessControl.DirectorySecurity'; Sddl = $null; Sections = $null }
    $security | Add-Member -MemberType ScriptMethod -Name 'SetSecurityDescriptorSddlForm' -Value { param($Sddl, $Sections) $this.Sddl = $Sddl; $this.Sections = $Sections }
    return $security
}

function Set-Acl {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [Alias('PSPath')] [string[]] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1)] $AclObject
    )
    foreach ($path in $LiteralPath) {
        $full = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($path)
        if (-not [IO.Directory]::Exists($full)) {
            $PSCmdlet.ThrowTerminatingError([Management.Automation.ErrorRecord]::new(
                    [Management.Automation.ItemNotFoundException]::new("Cannot find path '$path' because it does not exist."), 'SetAcl_PathNotFound_Exception,Microsoft.PowerShell.Commands.SetAclCommand', 'ObjectNotFound', $path))
        }
        $global:GpuPvDoubleAcls[$full] = $AclObject.Sddl
    }
}

Export-ModuleMember -Function 'New-Object', 'Set-Acl'
