// Static checks of media/powershell/GpuPv.psm1: there is no PowerShell on this machine, so the module
// is parsed with tree-sitter and its cmdlet calls, dispatch table and output shapes are compared
// with the TypeScript side.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { isErrorId } from '../../../src/core/errors';
import { rawHostFacts, rawInventory, rawVm } from '../../../src/core/normalize/rawShapes';
import { OPERATIONS, envelope } from '../../../src/host/protocol';
import { ENTRY_POINT } from '../../../src/host/wire';
import { checkCommands, formatIssue, signaturesOfFunctions } from '../../support/cmdletSignatures';
import {
  GPUPV_MODULE,
  formatProblem,
  hashtableKeysAssignedTo,
  hashtableKeysInFunction,
  listCommands,
  listFunctions,
  loadPowerShellParser,
  parameterLiteral,
  repoFile,
  syntaxErrors,
  withoutComments,
  type PsCommand,
} from '../../support/powershellSyntax';

const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe('PowerShell module GpuPv.psm1 (static checks)', function () {
  let text: string;
  let code: string;
  let commands: PsCommand[];

  before(async function () {
    this.timeout(10_000);
    await loadPowerShellParser();
    text = readFileSync(repoFile(GPUPV_MODULE), 'utf8');
    code = withoutComments(text);
    commands = listCommands(text);
  });

  const named = (name: string): PsCommand[] => commands.filter((c) => !c.dynamic && c.name.toLowerCase() === name.toLowerCase());

  it('parses without a syntax error', function () {
    assert.deepEqual(syntaxErrors(text).map(formatProblem), []);
  });

  it('is ASCII only (Windows PowerShell 5.1 reads a file without BOM in the ANSI code page)', function () {
    const printable = (c: string): boolean => c === '\t' || c === '\r' || (c >= ' ' && c <= '~');
    const offenders = text.split('\n').flatMap((line, i) => ([...line].every(printable) ? [] : [`${i + 1}: ${line.trim()}`]));
    assert.deepEqual(offenders, []);
  });

  it('calls only cmdlets of the signature table, with their own parameter names', function () {
    const extra = signaturesOfFunctions(listFunctions(text), 'GpuPv');
    assert.deepEqual(checkCommands(commands, { extra }).map(formatIssue), []);
    // Not vacuous: the Hyper-V and CIM calls are among the checked commands.
    for (const name of ['Get-VM', 'Get-VMGpuPartitionAdapter', 'Get-VMHostPartitionableGpu', 'Get-VMPartitionableGpu', 'Get-CimInstance', 'Import-Module']) {
      assert.ok(named(name).length > 0, `${name} is not called`);
    }
  });

  it('invokes nothing dynamically but the handlers of its own dispatch table', function () {
    const dynamic = commands.filter((c) => c.dynamic).map((c) => c.text);
    assert.deepEqual(dynamic, ['& $entry.Handler $arguments 3>$null 4>$null 5>$null 6>$null']);
  });

  it('never turns text into code', function () {
    assert.deepEqual(named('Invoke-Expression'), []);
    assert.deepEqual(named('Add-Type'), []);
    assert.doesNotMatch(code, /\[scriptblock\]::Create|NewScriptBlock|InvokeScript|\biex\b/i);
  });

  it('has a handler for every operation of OPERATIONS and no other', function () {
    const table = hashtableKeysAssignedTo(text, 'GpuPvOperations');
    assert.ok(table, 'no $script:GpuPvOperations table');
    assert.deepEqual(sorted(table), sorted(Object.keys(OPERATIONS)));
  });

  it('exports only Invoke-GpuPv, whose parameters are the ones the wire sends', function () {
    const exports = named('Export-ModuleMember');
    assert.equal(exports.length, 1);
    assert.equal(parameterLiteral(exports[0]!, 'Function'), ENTRY_POINT);
    const entry = listFunctions(text).find((f) => f.name === ENTRY_POINT);
    assert.deepEqual(entry?.parameters, ['Operation', 'Payload']);
    assert.equal(entry?.advanced, false, 'an advanced function would write binding errors to stderr');
  });

  it('builds objects with exactly the property names the raw schemas read', function () {
    const single = (fn: string): string[] => {
      const literals = hashtableKeysInFunction(text, fn);
      assert.equal(literals.length, 1, `${fn}: expected one object literal`);
      return sorted(literals[0]!);
    };
    assert.deepEqual(single('ConvertTo-GpuPvVm'), sorted(Object.keys(rawVm.shape)));
    assert.deepEqual(single('Read-GpuPvHostFacts'), sorted(Object.keys(rawHostFacts.shape)));
    assert.deepEqual(single('Get-GpuPvInventory'), sorted(Object.keys(rawInventory.shape)));
    const failure = hashtableKeysInFunction(text, 'New-GpuPvFailure').map(sorted);
    const errorOption = envelope.options.find((o) => 'error' in o.shape);
    assert.ok(errorOption && 'error' in errorOption.shape);
    assert.deepEqual(failure, [sorted(['ok', 'error']), sorted(Object.keys(errorOption.shape.error.shape))]);
  });

  it('answers with error ids the TypeScript error model knows', function () {
    const ids = named('New-GpuPvFailure').map((c) => parameterLiteral(c, 'Id'));
    assert.deepEqual(sorted(new Set(ids.map(String))), ['hyperv-error', 'hyperv-missing', 'invalid-argument', 'unknown-operation']);
    for (const id of ids) assert.ok(id && isErrorId(id), `${id} is not an ErrorId`);
  });

  it('projects Hyper-V objects without CimSession, and reads display drivers with a WMI filter only', function () {
    const selects = named('Select-Object').filter((c) => parameterLiteral(c, 'Property') === '*');
    assert.ok(selects.length >= 3);
    for (const s of selects) assert.equal(parameterLiteral(s, 'ExcludeProperty'), 'CimSession', s.text);

    const cim = named('Get-CimInstance');
    const classes = cim.map((c) => parameterLiteral(c, 'ClassName'));
    assert.deepEqual(sorted(classes.map(String)), ['Win32_OperatingSystem', 'Win32_PnPSignedDriver']);
    const drivers = cim.find((c) => parameterLiteral(c, 'ClassName') === 'Win32_PnPSignedDriver');
    assert.equal(parameterLiteral(drivers!, 'Filter'), "DeviceClass='DISPLAY'");
    assert.doesNotMatch(code, /Win32_VideoController|Win32_PnPSignedDriverCIMDataFile|Get-WmiObject/i);
  });

  it('serialises once, deep and compressed, and writes one base64 line to the console', function () {
    const json = named('ConvertTo-Json').find((c) => c.parameters.some((p) => p.name === 'InputObject' && p.value?.text === '$Reply'));
    assert.ok(json, 'no ConvertTo-Json of the reply');
    assert.equal(parameterLiteral(json, 'Depth'), '8');
    assert.ok(json.parameters.some((p) => p.name === 'Compress' && p.value === null));
    assert.match(code, /\[Console\]::Out\.WriteLine\(\[Convert\]::ToBase64String\(\[Text\.Encoding\]::UTF8\.GetBytes\(\$json\)\)\)/);
    assert.equal(code.match(/\[Console\]::Out\.WriteLine/g)?.length, 1, 'exactly one place writes to stdout');
    assert.doesNotMatch(code, /\[double\]|\[decimal\]|Write-(Host|Output|Error|Warning|Information|Verbose)/i);
  });

  it('runs each call with Stop errors and silenced streams, and imports Hyper-V once at load', function () {
    for (const line of [
      "$ErrorActionPreference = 'Stop'",
      "$ProgressPreference = 'SilentlyContinue'",
      "$WarningPreference = 'SilentlyContinue'",
      "$VerbosePreference = 'SilentlyContinue'",
      "$InformationPreference = 'SilentlyContinue'",
    ]) {
      assert.ok(code.includes(line), `missing ${line}`);
    }
    const imports = named('Import-Module');
    assert.equal(imports.length, 1);
    assert.equal(parameterLiteral(imports[0]!, 'Name'), 'Hyper-V');
    assert.equal(parameterLiteral(imports[0]!, 'ErrorAction'), 'Stop', 'its absence must be caught, not printed');
    assert.equal(parameterLiteral(imports[0]!, 'WarningAction'), 'SilentlyContinue');
  });

  it('feature-detects the inventory cmdlet and -InstancePath instead of assuming Windows 11', function () {
    assert.match(code, /'Get-VMHostPartitionableGpu', 'Get-VMPartitionableGpu'/);
    assert.match(code, /Parameters\.ContainsKey\('InstancePath'\)/);
    assert.match(code, /S-1-5-32-578/);
  });

  it('ships a manifest that parses and exports only the entry point', function () {
    const manifest = readFileSync(repoFile('media/powershell/GpuPv.psd1'), 'utf8');
    assert.deepEqual(syntaxErrors(manifest).map(formatProblem), []);
    assert.match(manifest, /RootModule\s*=\s*'GpuPv\.psm1'/);
    assert.match(manifest, /FunctionsToExport\s*=\s*@\('Invoke-GpuPv'\)/);
    assert.match(manifest, /CompatiblePSEditions\s*=\s*@\('Desktop', 'Core'\)/);
  });
});
