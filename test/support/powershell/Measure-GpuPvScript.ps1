# PowerShell's own parser over scripts the tests hand it: the parse errors of each, and what in it
# Windows PowerShell 5.1 (on .NET Framework 4.x) lacks. Read by test/support/powershellParser.ts:
#   pwsh -File Measure-GpuPvScript.ps1 -RequestFile <json> -ResultFile <json>
# request: { scripts: [{ name, text, evaluateNameOf? }], ps7Parameters: { '<cmdlet>': ['<parameter>', ...] } }
# result:  [{ name, parseErrors: ['<line>:<column> <message>'], ps51: ['<line>:<column> <what>'], value? }]
# With evaluateNameOf (a command name), value is what the -Name argument of that command evaluates to.
param(
    [string] $RequestFile,
    [string] $ResultFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Syntax PowerShell 6 and 7 added, by the type of the AST node that shows it: what to call it, and
# when a node of that type is it.
$syntaxRules = @{
    TernaryExpressionAst          = @(@{ What = 'the ternary operator ?: (PowerShell 7.0)'; Test = { $true } })
    BinaryExpressionAst           = @(@{ What = 'the null-coalescing operator ?? (PowerShell 7.0)'; Test = { param($n) $n.Operator -eq 'QuestionQuestion' } })
    AssignmentStatementAst        = @(@{ What = 'the null-coalescing assignment ??= (PowerShell 7.0)'; Test = { param($n) $n.Operator -eq 'QuestionQuestionEquals' } })
    MemberExpressionAst           = @(@{ What = 'null-conditional member access ?. (PowerShell 7.0)'; Test = { param($n) $n.NullConditional } })
    InvokeMemberExpressionAst     = @(
        @{ What = 'null-conditional member access ?. (PowerShell 7.0)'; Test = { param($n) $n.NullConditional } }
        @{ What = 'generic method type arguments (PowerShell 7.3)'; Test = { param($n) $null -ne $n.GenericTypeArguments -and $n.GenericTypeArguments.Count -gt 0 } }
    )
    IndexExpressionAst            = @(@{ What = 'null-conditional index ?[] (PowerShell 7.0)'; Test = { param($n) $n.NullConditional } })
    PipelineChainAst              = @(
        @{ What = 'a pipeline chain && or || (PowerShell 7.0)'; Test = { $true } }
        @{ What = 'a background pipeline & (PowerShell 6.0)'; Test = { param($n) $n.Background } }
    )
    PipelineAst                   = @(@{ What = 'a background pipeline & (PowerShell 6.0)'; Test = { param($n) $n.Background } })
    ScriptBlockAst                = @(@{ What = 'a clean block (PowerShell 7.3)'; Test = { param($n) $null -ne $n.CleanBlock } })
    ConstantExpressionAst         = @(@{ What = 'a numeric literal suffix or binary literal 5.1 does not know (u, y, s, n, 0b: PowerShell 6.2 / 7.0)'; Test = {
                param($n)
                $text = $n.Extent.Text
                ($n.Value -is [ValueType]) -and $text -match '^[0-9.]' -and (
                    $text -match '^0b' -or
                    $text -match '(?i)^0x[0-9a-f]+[lusyn]*?(u|s|y|n)[lusyn]*(kb|mb|gb|tb|pb)?$' -or
                    $text -match '(?i)^[0-9.]+(e[+-]?[0-9]+)?[a-z]*?(u|s|y|n)[a-z]*?(kb|mb|gb|tb|pb)?$')
            }
        })
    StringConstantExpressionAst   = @(@{ What = 'a `e or `u{} escape (PowerShell 6.0; 5.1 reads a plain letter)'; Test = { param($n) $n.StringConstantType -in @('DoubleQuoted', 'DoubleQuotedHereString') -and $n.Extent.Text -cmatch '`(e|u\{)' } })
    ExpandableStringExpressionAst = @(@{ What = 'a `e or `u{} escape (PowerShell 6.0; 5.1 reads a plain letter)'; Test = { param($n) $n.Extent.Text -cmatch '`(e|u\{)' } })
    VariableExpressionAst         = @(@{ What = 'an automatic variable PowerShell 6+ added'; Test = { param($n) $n.VariablePath.UserPath -in @('IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR', 'PSStyle', 'EnabledExperimentalFeatures') } })
}

# .NET APIs that .NET Framework 4.x lacks (or does not load in Windows PowerShell 5.1), by the name as
# written without a leading 'System.', in lower case. Types: any use ([T], [T]::M, a cast). Static
# members: Type::Member. Instance members: only names no Framework type has.
$frameworkMissingTypes = @(
    'text.json'                                   # System.Text.Json: .NET Core 3.0
    'net.http'                                    # System.Net.Http: an assembly 5.1 does not load by default
    'span', 'readonlyspan', 'memory', 'readonlymemory' # .NET Core 2.1
    'hashcode'                                    # .NET Core 2.1
    'range'                                       # .NET Core 3.0
    'text.rune'                                   # .NET Core 3.0
    'half'                                        # .NET 5
    'dateonly', 'timeonly'                        # .NET 6
    'collections.generic.priorityqueue'           # .NET 6
    'security.cryptography.cryptographicoperations' # .NET Core 2.1 (ZeroMemory, FixedTimeEquals)
    'operatingsystem'                             # .NET 5 (IsWindows())
)
$frameworkMissingStatics = @(
    'io.path::getrelativepath'                    # .NET Core 2.0
    'io.path::join'                               # .NET Core 3.0
    'io.path::ispathfullyqualified'               # .NET Core 2.1
    'io.path::trimendingdirectoryseparator'       # .NET Core 3.0
    'io.path::endsindirectoryseparator'           # .NET Core 3.0
    'io.directory::createsymboliclink'            # .NET 6
    'io.file::createsymboliclink'                 # .NET 6
    'io.file::resolvelinktarget'                  # .NET 6
    'convert::tohexstring'                        # .NET 5
    'convert::fromhexstring'                      # .NET 5
    'text.encoding::latin1'                       # .NET 5
    'math::clamp'                                 # .NET Core 2.0
    'environment::processid'                      # .NET 5
    'environment::processpath'                    # .NET 6
    'security.cryptography.randomnumbergenerator::fill'     # .NET Core 2.1
    'security.cryptography.randomnumbergenerator::getint32' # .NET Core 3.0
    'security.cryptography.randomnumbergenerator::getbytes' # static form: .NET 6
    'security.cryptography.sha256::hashdata'      # .NET 5
)
$frameworkMissingInstance = @(
    'linktarget'                                  # FileSystemInfo.LinkTarget: .NET 6
    'resolvelinktarget'                           # FileSystemInfo.ResolveLinkTarget: .NET 6
)
$accelerators = @{ 'string' = 'string'; 'char' = 'char'; 'math' = 'math'; 'convert' = 'convert' }

function Get-GpuPvTypeKey {
    param($TypeName)
    $name = ([string] $TypeName.FullName).ToLowerInvariant()
    $name = ($name -replace '^system\.', '') -replace '\[.*$', ''
    if ($accelerators.ContainsKey($name)) {
        return $accelerators[$name]
    }
    return $name
}

function Test-GpuPvMissingType {
    param([string] $Key)
    foreach ($missing in $frameworkMissingTypes) {
        if ($Key -eq $missing -or $Key.StartsWith($missing + '.')) {
            return $true
        }
    }
    return $false
}

function Get-GpuPvTypeNames {
    # A type name and the type arguments inside it ([Span[byte]], [List[System.Text.Json.JsonElement]]).
    param($TypeName)
    $TypeName
    if ($TypeName.PSObject.Properties['GenericArguments']) {
        foreach ($argument in $TypeName.GenericArguments) {
            Get-GpuPvTypeNames -TypeName $argument
        }
    }
    if ($TypeName.PSObject.Properties['ElementType']) {
        Get-GpuPvTypeNames -TypeName $TypeName.ElementType
    }
}

function Get-GpuPvPs51Finding {
    param($Ast, [hashtable] $Ps7Parameters)
    $at = { param($n) '{0}:{1}' -f $n.Extent.StartLineNumber, $n.Extent.StartColumnNumber }
    $nodes = $Ast.FindAll({ $true }, $true)
    foreach ($node in $nodes) {
        foreach ($rule in $syntaxRules[$node.GetType().Name]) {
            if ($null -ne $rule -and (& $rule.Test $node)) {
                '{0} {1}' -f (& $at $node), $rule.What
            }
        }
        if ($node -is [System.Management.Automation.Language.CommandAst]) {
            Get-GpuPvParameterFinding -Command $node -Ps7Parameters $Ps7Parameters -At $at
        }
        elseif ($node -is [System.Management.Automation.Language.TypeExpressionAst] -or $node -is [System.Management.Automation.Language.TypeConstraintAst]) {
            foreach ($typeName in (Get-GpuPvTypeNames -TypeName $node.TypeName)) {
                if (Test-GpuPvMissingType -Key (Get-GpuPvTypeKey -TypeName $typeName)) {
                    '{0} [{1}]: a .NET type Windows PowerShell 5.1 does not have' -f (& $at $node), $typeName.FullName
                }
            }
        }
        elseif ($node -is [System.Management.Automation.Language.MemberExpressionAst]) {
            Get-GpuPvMemberFinding -Member $node -At $at
        }
    }
}

function Get-GpuPvParameterFinding {
    param($Command, [hashtable] $Ps7Parameters, [scriptblock] $At)
    $name = $Command.GetCommandName()
    if ($null -eq $name -or -not $Ps7Parameters.ContainsKey($name.ToLowerInvariant())) {
        return
    }
    foreach ($element in $Command.CommandElements) {
        if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and $Ps7Parameters[$name.ToLowerInvariant()] -contains $element.ParameterName.ToLowerInvariant()) {
            '{0} {1} -{2}: a parameter Windows PowerShell 5.1 does not have' -f (& $At $element), $name, $element.ParameterName
        }
    }
}

function Get-GpuPvMemberFinding {
    param($Member, [scriptblock] $At)
    $memberName = $Member.Member.Extent.Text.Trim("'", '"').ToLowerInvariant()
    if ($Member.Static -and $Member.Expression -is [System.Management.Automation.Language.TypeExpressionAst]) {
        $key = '{0}::{1}' -f (Get-GpuPvTypeKey -TypeName $Member.Expression.TypeName), $memberName
        if ($key -in $frameworkMissingStatics) {
            '{0} [{1}]::{2}: a .NET member Windows PowerShell 5.1 does not have' -f (& $At $Member), $Member.Expression.TypeName.FullName, $Member.Member.Extent.Text
        }
        if ($key -eq 'string::join' -and $Member -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and $null -ne $Member.Arguments -and $Member.Arguments.Count -gt 0) {
            $separator = $Member.Arguments[0]
            if ($separator -is [System.Management.Automation.Language.ConvertExpressionAst] -and (Get-GpuPvTypeKey -TypeName $separator.Type.TypeName) -eq 'char') {
                '{0} [string]::Join with a [char] separator: an overload .NET Framework lacks' -f (& $At $Member)
            }
        }
    }
    elseif (-not $Member.Static -and $memberName -in $frameworkMissingInstance) {
        '{0} .{1}: a .NET member Windows PowerShell 5.1 does not have' -f (& $At $Member), $Member.Member.Extent.Text
    }
}

function Get-GpuPvNameValue {
    # What -Name of the first command called $CommandName evaluates to (the tests' own generated text).
    param($Ast, [string] $CommandName)
    $command = $Ast.Find({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq $CommandName }.GetNewClosure(), $true)
    if ($null -eq $command) {
        return $null
    }
    $elements = $command.CommandElements
    for ($i = 1; $i -lt $elements.Count - 1; $i++) {
        if ($elements[$i] -is [System.Management.Automation.Language.CommandParameterAst] -and $elements[$i].ParameterName -eq 'Name') {
            return [string] (& ([scriptblock]::Create($elements[$i + 1].Extent.Text)))
        }
    }
    return $null
}

$request = Get-Content -Raw -Encoding utf8 -LiteralPath $RequestFile | ConvertFrom-Json
$ps7Parameters = @{}
foreach ($property in $request.ps7Parameters.PSObject.Properties) {
    $ps7Parameters[$property.Name.ToLowerInvariant()] = @($property.Value | ForEach-Object { ([string] $_).ToLowerInvariant() })
}
$results = foreach ($script in $request.scripts) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput([string] $script.text, [ref] $tokens, [ref] $errors)
    $result = [ordered]@{
        name        = $script.name
        parseErrors = @($errors | ForEach-Object { '{0}:{1} {2}' -f $_.Extent.StartLineNumber, $_.Extent.StartColumnNumber, $_.Message })
        ps51        = @(Get-GpuPvPs51Finding -Ast $ast -Ps7Parameters $ps7Parameters)
    }
    if ($script.PSObject.Properties['evaluateNameOf'] -and $errors.Count -eq 0) {
        $result['value'] = Get-GpuPvNameValue -Ast $ast -CommandName $script.evaluateNameOf
    }
    $result
}
[IO.File]::WriteAllText($ResultFile, (ConvertTo-Json -InputObject @($results) -Depth 5), [Text.UTF8Encoding]::new($false))
