/**
 * PowerShell's own parser, in real pwsh, over the built module and every kind of line the extension
 * sends (calls, the module's import, the remote connect line, the preview scripts): no parse error,
 * and nothing Windows PowerShell 5.1 lacks. The gate's rules are shown to bite on snippets of each
 * kind, and to pass their 5.1 equivalents.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { powershellPreview } from '../../../src/core/actions/powershellPreview';
import { OPERATIONS, type OperationName } from '../../../src/host/protocol';
import { formatCall, formatConnect, formatImportModule } from '../../../src/host/wire';
import { analysePowerShell, type ScriptAnalysis, type ScriptInput } from '../../support/powershellParser';
import { GPUPV_MODULE, repoFile } from '../../support/powershellSyntax';
import { HOSTILE_TEXT, previewCases } from './previewCases';

function problemsOf(results: readonly ScriptAnalysis[]): string[] {
  return results.flatMap((r) => [
    ...r.parseErrors.map((e) => `${r.name}: parse error ${e}`),
    ...r.ps51.map((e) => `${r.name}: 5.1 lacks ${e}`),
  ]);
}

/** What the gate says of one snippet. */
function ps51Of(results: readonly ScriptAnalysis[], name: string): readonly string[] {
  const result = results.find((r) => r.name === name)!;
  assert.deepEqual(result.parseErrors, [], `${name} must parse`);
  return result.ps51;
}

// A path may hold no control character (refused before a line is made).
// eslint-disable-next-line no-control-regex -- control characters are what is filtered
const PATHS = HOSTILE_TEXT.filter((t) => !/[\u0000-\u001f]/.test(t)).map((t) => `C:\\Users\\${t}\\ext\\dist\\powershell\\GpuPv.psm1`);

function generatedLines(): ScriptInput[] {
  const lines: ScriptInput[] = [];
  for (const operation of Object.keys(OPERATIONS) as OperationName[]) {
    const keys = Object.keys(OPERATIONS[operation].args.shape);
    for (const [i, text] of HOSTILE_TEXT.entries()) {
      lines.push({ name: `${operation} #${i}`, text: formatCall(operation, Object.fromEntries(keys.map((k) => [k, text]))) });
    }
  }
  for (const [i, modulePath] of PATHS.entries()) {
    lines.push({ name: `import #${i}`, text: formatImportModule(modulePath), evaluateNameOf: 'Import-Module' });
  }
  lines.push({
    name: 'connect winrm',
    text: formatConnect({ Transport: 'winrm', Address: 'hv01.corp.example', Port: 5986, UseSsl: true, TimeoutMs: 20_000 }),
  });
  lines.push({
    name: 'connect ssh',
    text: formatConnect({ Transport: 'ssh', Address: 'hv01', UserName: "o'brien", KeyFilePath: 'C:\\k\\id', TimeoutMs: 20_000 }),
  });
  for (const [i, action] of previewCases().entries())
    lines.push({ name: `preview #${i} ${action.kind}`, text: powershellPreview(action).join('\n') });
  return lines;
}

/** Each: a snippet 5.1 cannot run, what the gate must say, and the 5.1 way to write it (no finding). */
const GATE_CASES: readonly { readonly ps7: string; readonly says: RegExp; readonly ps51: string }[] = [
  { ps7: '$a = $b ? 1 : 2', says: /ternary/, ps51: 'if ($b) { $a = 1 } else { $a = 2 }' },
  { ps7: '$a = $b ?? 1', says: /\?\?/, ps51: 'if ($null -eq $b) { $a = 1 } else { $a = $b }' },
  { ps7: '$a ??= 1', says: /\?\?=/, ps51: 'if ($null -eq $a) { $a = 1 }' },
  { ps7: '${a}?.Name', says: /\?\./, ps51: '$a.Name' },
  { ps7: '${a}?[0]', says: /\?\[\]/, ps51: '$a[0]' },
  {
    ps7: 'Get-Item -LiteralPath C:\\a && Remove-Item -LiteralPath C:\\b',
    says: /pipeline chain/,
    ps51: 'Get-Item -LiteralPath C:\\a; Remove-Item -LiteralPath C:\\b',
  },
  { ps7: 'Start-Sleep -Seconds 1 &', says: /background/, ps51: 'Start-Job -ScriptBlock { Start-Sleep -Seconds 1 }' },
  { ps7: 'function F { process { 1 } clean { 2 } }', says: /clean block/, ps51: 'function F { process { 1 } end { 2 } }' },
  { ps7: '[Array]::Empty[string]()', says: /generic method/, ps51: '[string[]] @()' },
  { ps7: '$a = 5u', says: /numeric literal/, ps51: '$a = [uint32] 5' },
  { ps7: '$a = 10n', says: /numeric literal/, ps51: '$a = [bigint] 10' },
  { ps7: '$a = 0x10y', says: /numeric literal/, ps51: '$a = [sbyte] 0x10' },
  { ps7: '$a = 0b101', says: /numeric literal/, ps51: '$a = 5' },
  { ps7: '$a = "`e[0m"', says: /`e or `u\{\}/, ps51: '$a = [string] [char] 27 + "[0m"' },
  { ps7: '$a = "`u{263A}"', says: /`e or `u\{\}/, ps51: '$a = [string] [char] 0x263A' },
  { ps7: 'if ($IsWindows) { 1 }', says: /automatic variable/, ps51: "if ([Environment]::OSVersion.Platform -eq 'Win32NT') { 1 }" },
  { ps7: '1..3 | ForEach-Object -Parallel { $_ }', says: /ForEach-Object -Parallel/, ps51: '1..3 | ForEach-Object -Process { $_ }' },
  {
    ps7: "Get-ChildItem -LiteralPath 'C:\\a' -FollowSymlink",
    says: /Get-ChildItem -FollowSymlink/,
    ps51: "Get-ChildItem -LiteralPath 'C:\\a'",
  },
  {
    ps7: 'Invoke-Command -Session $s -ScriptBlock { 1 } -RemoteDebug',
    says: /Invoke-Command -RemoteDebug/,
    ps51: 'Invoke-Command -Session $s -ScriptBlock { 1 }',
  },
  { ps7: "Get-VM -Name 'a' -ProgressAction SilentlyContinue", says: /Get-VM -ProgressAction/, ps51: "Get-VM -Name 'a'" },
  { ps7: '[System.IO.Path]::GetRelativePath($a, $b)', says: /GetRelativePath/, ps51: '$b.Substring($a.Length)' },
  { ps7: '[IO.Path]::Join($a, $b)', says: /Join/, ps51: '[IO.Path]::Combine($a, $b)' },
  { ps7: '[System.Text.Json.JsonSerializer]::Serialize($a)', says: /System\.Text\.Json/, ps51: 'ConvertTo-Json -InputObject $a' },
  { ps7: '$c = [System.Net.Http.HttpClient]::new()', says: /System\.Net\.Http/, ps51: '$c = New-Object -TypeName System.Net.WebClient' },
  { ps7: '[Span[byte]] $s = $bytes', says: /Span/, ps51: '[byte[]] $s = $bytes' },
  { ps7: '$h = [Convert]::ToHexString($bytes)', says: /ToHexString/, ps51: "$h = [BitConverter]::ToString($bytes).Replace('-', '')" },
  {
    ps7: '[System.Security.Cryptography.CryptographicOperations]::ZeroMemory($b)',
    says: /CryptographicOperations/,
    ps51: '[Array]::Clear($b, 0, $b.Length)',
  },
  { ps7: '$s = [string]::Join([char] 44, $list)', says: /\[char\] separator/, ps51: "$s = [string]::Join(',', $list)" },
  {
    ps7: '$t = (Get-Item -LiteralPath $p).LinkTarget',
    says: /LinkTarget/,
    ps51: "$t = (Get-Item -LiteralPath $p).Attributes -band 'ReparsePoint'",
  },
];

describe('PowerShell’s own parser over the module and every line sent (real pwsh)', function () {
  this.timeout(240_000);
  let module: ScriptAnalysis;
  let lines: ScriptAnalysis[];
  let inputs: ScriptInput[];
  let gate: ScriptAnalysis[];

  before(function () {
    inputs = generatedLines();
    const gateInputs = GATE_CASES.flatMap((c, i) => [
      { name: `ps7 #${i}`, text: c.ps7 },
      { name: `ps51 #${i}`, text: c.ps51 },
    ]);
    const results = analysePowerShell([
      { name: GPUPV_MODULE, text: readFileSync(repoFile(GPUPV_MODULE), 'utf8') },
      ...inputs,
      ...gateInputs,
    ]);
    module = results[0]!;
    lines = results.slice(1, 1 + inputs.length);
    gate = results.slice(1 + inputs.length);
  });

  it('the built module parses with no error, and holds nothing Windows PowerShell 5.1 lacks', function () {
    assert.deepEqual(problemsOf([module]), []);
  });

  it('every generated line parses with no error and is 5.1-safe: calls, imports, connect lines, previews', function () {
    assert.ok(inputs.length > 700, `only ${inputs.length} lines`);
    for (const kind of ['Invoke-GpuPv', 'Import-Module', 'Connect-GpuPvRemote', 'Get-VM']) {
      assert.ok(
        inputs.some((i) => i.text.includes(kind)),
        kind,
      );
    }
    assert.deepEqual(problemsOf(lines), []);
  });

  it('the import line evaluates, in PowerShell, to exactly the module path, for hostile paths', function () {
    const imports = lines.filter((l) => l.name.startsWith('import #'));
    assert.equal(imports.length, PATHS.length);
    assert.deepEqual(
      imports.map((l) => l.value),
      PATHS,
    );
  });

  describe('the Windows PowerShell 5.1 gate', function () {
    GATE_CASES.forEach((c, i) => {
      it(`refuses ${c.ps7} and passes ${c.ps51}`, function () {
        const said = ps51Of(gate, `ps7 #${i}`);
        assert.ok(
          said.some((s) => c.says.test(s)),
          `expected ${c.says} in ${JSON.stringify(said)}`,
        );
        assert.deepEqual(ps51Of(gate, `ps51 #${i}`), []);
      });
    });
  });
});
