// Static checks of the built module (dist/powershell/GpuPv.psm1, built from src/powershell/GpuPv): it
// is parsed with tree-sitter and its cmdlet calls, dispatch table and output shapes are compared
// with the TypeScript side.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { isErrorId } from '../../../src/core/errors';
import { SIZE_KEYS } from '../../../src/core/actions/gpuPvAction';
import { powershellPreview } from '../../../src/core/actions/powershellPreview';
import { callFor } from '../../../src/host/actionCall';
import { rawDriverPackages, rawMeasuredFile, rawMeasuredFolder } from '../../../src/core/normalize/driverFiles';
import { rawHostFacts, rawInventory, rawVm } from '../../../src/core/normalize/rawShapes';
import { OPERATIONS, connectArgsSchema, envelope, partitionSizes, vmSettingsChange, type OperationName } from '../../../src/host/protocol';
import { CONNECT_ENTRY_POINT, ENTRY_POINT } from '../../../src/host/wire';
import { checkCommands, formatIssue, signatureOf, signaturesOfFunctions } from '../../support/cmdletSignatures';
import {
  GPUPV_MODULE,
  formatProblem,
  functionCode,
  hashtableAssignedTo,
  listCommands,
  hashtableKeysAssignedTo,
  hashtableKeysInFunction,
  listCommandsResolvingSplats,
  listFunctions,
  loadPowerShellParser,
  parameterLiteral,
  repoFile,
  stringListAssignedTo,
  syntaxErrors,
  withoutComments,
  type PsCommand,
} from '../../support/powershellSyntax';
import { everyActionShape } from './previewCases';

const sorted = (values: Iterable<string>): string[] => [...values].sort();
/** Functions reached only on PowerShell 7 (SSH remoting). */
const PS7_ONLY_FUNCTIONS = ['New-GpuPvSshSession'];

describe('PowerShell module GpuPv.psm1 (static checks)', function () {
  // Each check walks the syntax tree of the whole 2,000-line module, some several times: half a
  // second on a quiet machine, several seconds on a loaded one.
  this.timeout(20_000);
  let text: string;
  let code: string;
  let commands: PsCommand[];
  let splatProblems: readonly string[];

  before(async function () {
    this.timeout(10_000);
    await loadPowerShellParser();
    text = readFileSync(repoFile(GPUPV_MODULE), 'utf8');
    code = withoutComments(text);
    // Splatted hashtables (`Add-VMGpuPartitionAdapter @parameters`) resolved to the keys they can hold.
    ({ commands, problems: splatProblems } = listCommandsResolvingSplats(text));
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

  it('calls only cmdlets of the signature table, with their own parameter names (splatted ones included)', function () {
    assert.deepEqual(splatProblems, [], 'every splatted hashtable resolves to literal keys');
    const functions = listFunctions(text);
    const extra = signaturesOfFunctions(functions, 'GpuPv');
    // SSH remoting exists only in PowerShell 7: its one function is checked against 7, every other
    // line against Windows PowerShell 5.1 too (Open-GpuPvRemoteSession refuses ssh on 5.1 first).
    const ps7 = functions.filter((f) => PS7_ONLY_FUNCTIONS.includes(f.name));
    assert.equal(ps7.length, PS7_ONLY_FUNCTIONS.length, 'the PowerShell 7 functions exist');
    const inPs7 = (c: PsCommand) => ps7.some((f) => c.line > f.line && c.line < f.endLine);
    assert.deepEqual(
      checkCommands(
        commands.filter((c) => !inPs7(c)),
        { extra },
      ).map(formatIssue),
      [],
    );
    assert.deepEqual(checkCommands(commands.filter(inPs7), { extra, target: 'core' }).map(formatIssue), []);
    assert.ok(
      commands.some((c) => inPs7(c) && c.name === 'New-PSSession' && c.parameters.some((p) => p.name === 'HostName')),
      'the SSH New-PSSession is checked',
    );
    assert.match(code, /if \(\$PSVersionTable\.PSVersion\.Major -lt 7\) \{\s*return New-GpuPvFailure -Id 'remote-ssh-needs-pwsh7'/);
    // Not vacuous: the Hyper-V and CIM calls, reads and writes, are among the checked commands.
    for (const name of [
      'Get-VM',
      'Get-VMGpuPartitionAdapter',
      'Get-VMHostPartitionableGpu',
      'Get-VMPartitionableGpu',
      'Get-CimInstance',
      'Import-Module',
      'Add-VMGpuPartitionAdapter',
      'Set-VMGpuPartitionAdapter',
      'Remove-VMGpuPartitionAdapter',
      'Set-VM',
      'Set-VMMemory',
      'Set-VMHostPartitionableGpu',
      'Set-VMPartitionableGpu',
      'Start-VM',
      'Stop-VM',
    ]) {
      assert.ok(named(name).length > 0, `${name} is not called`);
    }
    // The splat of Add-VMGpuPartitionAdapter was resolved, not skipped.
    const add = named('Add-VMGpuPartitionAdapter')[0]!;
    assert.deepEqual(add.splats, []);
    assert.deepEqual(add.parameters.map((p) => p.name).sort(), ['InstancePath', 'VM', ...SIZE_KEYS].sort());
  });

  it('invokes nothing dynamically but the handlers of its own dispatch table', function () {
    const dynamic = commands.filter((c) => c.dynamic).map((c) => c.text);
    assert.deepEqual(dynamic, ['& $entry.Handler $arguments 3>$null 4>$null 5>$null 6>$null']);
  });

  it('never turns text into code', function () {
    assert.deepEqual(named('Invoke-Expression'), []);
    // Add-Type only loads the zip assemblies by name (the online driver copy), never compiles source.
    for (const c of named('Add-Type')) {
      assert.deepEqual(
        c.parameters.map((p) => `${p.name} ${p.value?.text ?? ''}`),
        ["AssemblyName 'System.IO.Compression', 'System.IO.Compression.FileSystem'"],
        c.text,
      );
      assert.deepEqual(c.positional, [], c.text);
    }
    assert.doesNotMatch(code, /\[scriptblock\]::Create|NewScriptBlock|InvokeScript|\biex\b/i);
  });

  it('executes and loads nothing from a path it did not write itself: nothing of a guest volume runs on the host', function () {
    // No dot-sourcing; `&` only on the dispatch table's own script blocks.
    assert.deepEqual(
      commands.filter((c) => c.invocation === '.').map((c) => c.text),
      [],
    );
    assert.deepEqual(
      commands.filter((c) => c.invocation === '&').map((c) => c.text),
      ['& $entry.Handler $arguments 3>$null 4>$null 5>$null 6>$null'],
    );
    // Import-Module: Hyper-V by name at load, and this module's own copy in a remote host's session
    // (copied there by Copy-Item -ToSession into that host's temp folder), never a path on a guest volume.
    assert.deepEqual(
      named('Import-Module').map((c) => c.parameters.find((p) => p.name === 'Name')?.value?.text),
      ["'Hyper-V'", '$ModulePath'],
    );
    assert.match(code, /Copy-Item -LiteralPath \$script:GpuPvModulePath -Destination \$remotePath -ToSession \$Session/);
    // Add-Type loads assemblies by name only, never a file; nothing else loads or starts anything.
    for (const c of named('Add-Type'))
      assert.deepEqual(
        c.parameters.map((p) => p.name),
        ['AssemblyName'],
        c.text,
      );
    for (const name of ['Start-Process', 'Invoke-Item', 'Invoke-Expression', 'Start-Job', 'Register-ScheduledTask'])
      assert.deepEqual(named(name), [], name);
    assert.doesNotMatch(code, /\[(?:System\.)?Reflection\.Assembly\]::Load|LoadFrom|LoadFile|\[Diagnostics\.Process\]|\.exe\b/i);
  });

  it('has a handler for every operation of OPERATIONS and no other', function () {
    const table = hashtableKeysAssignedTo(text, 'GpuPvOperations');
    assert.ok(table, 'no $script:GpuPvOperations table');
    assert.deepEqual(sorted(table), sorted(Object.keys(OPERATIONS)));
  });

  /** For the scalar kinds: a value ConvertFrom-GpuPvArgument takes and one it refuses, which the schema must treat alike. */
  const KIND_PROBES: Readonly<Record<string, { readonly accepted: unknown; readonly refused: unknown }>> = {
    Guid: { accepted: '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c', refused: 'Build-Agent' },
    Boolean: { accepted: true, refused: 'true' },
  };

  it("accepts exactly the arguments of each operation's schema, optional where the schema says so, of the same kind", function () {
    const table = hashtableAssignedTo(text, 'GpuPvOperations');
    assert.ok(table);
    const kinds = new Set([
      'Guid',
      'AdapterId',
      'InstancePath',
      'Boolean',
      'PartitionCount',
      'PartitionSizes',
      'VmSettings',
      'Credential',
      'HostPaths',
      'GuestPaths',
      'GuestTarget',
      'CopyFiles',
      'GuestSteps',
      'DriverSyncRecord',
      'Transport',
      'Authentication',
      'Text',
      'Port',
      'Milliseconds',
    ]);
    for (const operation of Object.keys(OPERATIONS) as OperationName[]) {
      const entry = table[operation];
      assert.ok(entry && 'hashtable' in entry, `${operation}: no entry`);
      const args = entry.hashtable.Arguments;
      assert.ok(args && 'hashtable' in args, `${operation}: Arguments is not a hashtable literal`);
      const declared: Record<string, string> = {};
      for (const [name, kind] of Object.entries(args.hashtable)) {
        assert.ok('literal' in kind, `${operation}.${name}: the kind is not a literal`);
        declared[name] = kind.literal;
      }
      const shape = OPERATIONS[operation].args.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
      const expected = Object.fromEntries(Object.entries(shape).map(([name, schema]) => [name, schema.safeParse(undefined).success]));
      assert.deepEqual(sorted(Object.keys(declared)), sorted(Object.keys(expected)), operation);
      for (const [name, kind] of Object.entries(declared)) {
        assert.equal(kind.endsWith('?'), expected[name], `${operation}.${name}: optional in the module iff optional in the schema`);
        assert.ok(kinds.has(kind.replace(/\?$/, '')), `${operation}.${name}: unknown kind ${kind}`);
        const probe = KIND_PROBES[kind.replace(/\?$/, '')];
        if (!probe) continue;
        assert.ok(
          shape[name]!.safeParse(probe.accepted).success,
          `${operation}.${name}: the schema refuses what the module's ${kind} takes`,
        );
        assert.ok(
          !shape[name]!.safeParse(probe.refused).success,
          `${operation}.${name}: the schema takes what the module's ${kind} refuses`,
        );
      }
    }
    // The kinds are the ones ConvertFrom-GpuPvArgument knows, each handled once.
    const handled = [...code.matchAll(/\$Kind -ceq '([A-Za-z]+)'/g)].map((m) => m[1]!);
    assert.deepEqual(sorted(handled), sorted(kinds));
  });

  it("runs, for each write operation, exactly the Hyper-V cmdlets and parameters of its actions' previews", function () {
    const table = hashtableAssignedTo(text, 'GpuPvOperations');
    assert.ok(table);
    const functions = listFunctions(text);
    const hyperV = (c: PsCommand): boolean => !c.dynamic && signatureOf(c.name)?.module === 'Hyper-V';
    /** A handler's call: the parameters it always passes, and those a splatted hashtable may add. */
    const callShape = (c: PsCommand) => ({
      name: c.name,
      always: c.parameters.filter((p) => !/^@\w+\[/.test(p.written)).map((p) => p.name),
      maybe: c.parameters.filter((p) => /^@\w+\[/.test(p.written)).map((p) => p.name),
    });
    const previews = new Map<OperationName, PsCommand[][]>();
    for (const action of everyActionShape()) {
      const operation = callFor(action).operation;
      previews.set(operation, [...(previews.get(operation) ?? []), listCommands(powershellPreview(action).join('\n')).filter(hyperV)]);
    }
    assert.equal(previews.size, 8, 'every write operation has actions');
    for (const [operation, variants] of previews) {
      const handler = table[operation];
      assert.ok(
        handler && 'hashtable' in handler && handler.hashtable.Handler && 'code' in handler.hashtable.Handler,
        `${operation}: no handler`,
      );
      const calls = listCommands(handler.hashtable.Handler.code);
      assert.equal(calls.length, 1, `${operation}: the handler calls one function`);
      const fn = functions.find((f) => f.name === calls[0]!.name);
      assert.ok(fn, `${operation}: ${calls[0]!.name} is not defined`);
      const shapes = commands.filter((c) => c.line > fn.line && c.line < fn.endLine && hyperV(c)).map(callShape);
      const used = new Set<number>();
      for (const variant of variants) {
        for (const call of variant) {
          const names = call.parameters.map((p) => p.name);
          const match = shapes.findIndex(
            (h) =>
              h.name === call.name &&
              h.always.every((p) => names.includes(p)) &&
              names.every((p) => h.always.includes(p) || h.maybe.includes(p)),
          );
          assert.ok(
            match >= 0,
            `${operation}: ${fn.name} has no call that runs ${call.name} ${names.map((n) => `-${n}`).join(' ')} as the preview shows`,
          );
          used.add(match);
        }
      }
      const unused = shapes.filter((_, i) => !used.has(i)).map((h) => `${h.name} ${h.always.map((n) => `-${n}`).join(' ')}`);
      assert.deepEqual(unused, [], `${operation}: ${fn.name} runs calls no preview shows`);
    }
  });

  it("knows the protocol's partition sizes, VM settings and enum names, spelled the same", function () {
    assert.deepEqual(stringListAssignedTo(text, 'GpuPvPartitionSizeNames'), [...SIZE_KEYS]);
    assert.deepEqual(sorted(stringListAssignedTo(text, 'GpuPvPartitionSizeNames')!), sorted(Object.keys(partitionSizes.shape)));
    const settings = Object.keys(vmSettingsChange.shape);
    assert.deepEqual(sorted([...stringListAssignedTo(text, 'GpuPvSetVmParameterNames')!, 'DynamicMemoryEnabled']), sorted(settings));
    for (const name of settings) assert.ok(code.includes(`$name -ceq '${name}'`), `ConvertFrom-GpuPvVmSettings does not read ${name}`);
    assert.deepEqual(stringListAssignedTo(text, 'GpuPvCheckpointTypes'), vmSettingsChange.shape.CheckpointType.unwrap().options);
    assert.deepEqual(stringListAssignedTo(text, 'GpuPvStopActions'), vmSettingsChange.shape.AutomaticStopAction.unwrap().options);
  });

  // How UInt64 and UInt32 arguments are parsed runs in Pester (ConvertFrom-GpuPvUInt64.Tests.ps1,
  // ConvertFrom-GpuPvUInt32.Tests.ps1); that no path of the module goes through floating point cannot be run.
  it('holds no floating-point type anywhere: a UInt64 above 2^53 would round', function () {
    assert.doesNotMatch(code, /\[(?:double|single|float|decimal)\]|ToDouble|ToDecimal/i);
  });

  it('refuses -InstancePath on hosts without it before calling Add-VMGpuPartitionAdapter', function () {
    const add = hashtableKeysInFunction(text, 'Add-GpuPvPartitionAdapter');
    assert.ok(add.length > 0);
    const body = functionCode(text, 'Add-GpuPvPartitionAdapter');
    const refusal = body.indexOf("-Id 'no-instancepath-on-win10'");
    assert.ok(refusal > 0 && refusal < body.indexOf('Add-VMGpuPartitionAdapter @parameters'));
    assert.match(body, /\(Get-GpuPvHostFacts\)\.SupportsInstancePath/);
    assert.ok(
      body.includes(`-Message "${"A parameter cannot be found that matches parameter name 'InstancePath'."}"`),
      "Hyper-V's own text",
    );
  });

  it('exports only Invoke-GpuPv and Connect-GpuPvRemote, whose parameters are the ones the wire sends', function () {
    const exports = named('Export-ModuleMember');
    assert.equal(exports.length, 1);
    // Generated by the build from Public/: one literal per file there.
    const exported = /^Export-ModuleMember -Function ((?:'[\w-]+'(?:, )?)+)$/.exec(exports[0]!.text);
    assert.ok(exported, `${exports[0]!.text}: not a list of literal names`);
    assert.deepEqual(sorted(exported[1]!.split(', ')), sorted([`'${ENTRY_POINT}'`, `'${CONNECT_ENTRY_POINT}'`]));
    const entry = listFunctions(text).find((f) => f.name === ENTRY_POINT);
    // -AsText: the remote copy answers the local one with the line instead of printing it.
    assert.deepEqual(entry?.parameters, ['Operation', 'Payload', 'AsText']);
    assert.equal(entry?.advanced, false, 'an advanced function would write binding errors to stderr');
    const connect = listFunctions(text).find((f) => f.name === CONNECT_ENTRY_POINT);
    assert.deepEqual(connect?.parameters, ['Payload']);
    assert.equal(connect?.advanced, false);
  });

  it("accepts exactly the connect line's arguments, optional where connectArgsSchema says so", function () {
    const table = hashtableAssignedTo(text, 'GpuPvConnectArguments');
    assert.ok(table);
    const declared = Object.fromEntries(Object.entries(table).map(([name, kind]) => [name, 'literal' in kind ? kind.literal : '']));
    const shape = connectArgsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    assert.deepEqual(sorted(Object.keys(declared)), sorted(Object.keys(shape)));
    for (const [name, kind] of Object.entries(declared)) assert.equal(kind.endsWith('?'), shape[name]!.safeParse(undefined).success, name);
    // The authentication names the module accepts are the schema's.
    assert.deepEqual(stringListAssignedTo(text, 'GpuPvAuthentications'), [...connectArgsSchema.shape.Authentication.unwrap().options]);
  });

  it('forwards calls to the remote session only through Invoke-Command -Session, and copies itself with -ToSession', function () {
    // Three for the remote host (the module's path, its import, each forwarded call) and the driver sync's one in the guest.
    const invokes = named('Invoke-Command').filter((c) => c.parameters.some((p) => p.name === 'Session'));
    assert.equal(invokes.length, 4);
    assert.ok(named('Copy-Item').some((c) => c.parameters.some((p) => p.name === 'ToSession')));
    assert.ok(
      named('Set-ExecutionPolicy').every((c) => parameterLiteral(c, 'Scope') === 'Process'),
      "only the remote session's own policy",
    );
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
    // An id is a literal, or a refused secret's own id, else the literal default (Resolve-GpuPvFailureId).
    const failures = named('New-GpuPvFailure');
    for (const c of failures.filter((f) => parameterLiteral(f, 'Id') === undefined))
      assert.match(
        c.parameters.find((p) => p.name === 'Id')?.value?.text ?? '',
        /^\(Resolve-GpuPvFailureId -ErrorRecord \$_ -Default '/,
        c.text,
      );
    const ids = [
      ...failures.map((c) => parameterLiteral(c, 'Id')).filter((id) => id !== undefined),
      ...named('Resolve-GpuPvFailureId').map((c) => parameterLiteral(c, 'Default')),
      ...named('New-GpuPvSecretError').map((c) => parameterLiteral(c, 'Id')),
    ];
    assert.deepEqual(sorted(new Set(ids.map(String))), [
      'cluster-module-missing',
      'driver-sync-failed',
      'guest-credentials-rejected',
      'guest-data-refused',
      'guest-not-running',
      'guest-reparse-point',
      'guest-volume-locked',
      'guest-volume-not-found',
      'hyperv-error',
      'hyperv-missing',
      'invalid-argument',
      'no-instancepath-on-win10',
      'partition-count-invalid',
      'partition-in-use',
      'remote-connection-lost',
      'remote-not-hyperv-admin',
      'remote-ssh-needs-pwsh7',
      'secret-key-changed',
      'secret-unreadable',
      'unknown-operation',
      'vm-disk-in-use',
      'vm-must-be-off',
    ]);
    for (const id of ids) assert.ok(id && isErrorId(id), `${id} is not an ErrorId`);
  });

  it('projects Hyper-V objects without CimSession, and reads display drivers with a WMI filter only', function () {
    const selects = named('Select-Object').filter((c) => parameterLiteral(c, 'Property') === '*');
    assert.ok(selects.length >= 3);
    for (const s of selects) assert.equal(parameterLiteral(s, 'ExcludeProperty'), 'CimSession', s.text);

    const cim = named('Get-CimInstance');
    const classes = cim.map((c) => parameterLiteral(c, 'ClassName'));
    // the host's OS and display drivers; inside a guest (PowerShell Direct) its display devices and
    // drivers; for driver discovery one GPU's record, its files, its device's service and that service
    assert.deepEqual(sorted(classes.map(String)), [
      'Win32_OperatingSystem',
      'Win32_PnPEntity',
      'Win32_PnPEntity',
      'Win32_PnPSignedDriver',
      'Win32_PnPSignedDriver',
      'Win32_PnPSignedDriver',
      'Win32_PnPSignedDriverCIMDataFile',
      'Win32_SystemDriver',
    ]);
    // Every CIM query is filtered by WMI (the association class unfiltered takes minutes).
    for (const c of cim.filter((c) => parameterLiteral(c, 'ClassName') !== 'Win32_OperatingSystem')) {
      assert.ok(
        c.parameters.some((p) => p.name === 'Filter' && p.value !== null),
        `${c.text}: no -Filter`,
      );
    }
    const guestDevices = cim.find(
      (c) =>
        parameterLiteral(c, 'ClassName') === 'Win32_PnPEntity' &&
        parameterLiteral(c, 'Filter') !== undefined &&
        parameterLiteral(c, 'Filter') !== null,
    );
    assert.equal(parameterLiteral(guestDevices!, 'Filter'), "PNPClass='Display'");
    const displayDriver = listFunctions(text).find((f) => f.name === 'Get-GpuPvDisplayDriver');
    assert.ok(displayDriver, 'no Get-GpuPvDisplayDriver');
    const drivers = cim.find(
      (c) => parameterLiteral(c, 'ClassName') === 'Win32_PnPSignedDriver' && c.line > displayDriver.line && c.line < displayDriver.endLine,
    );
    assert.equal(parameterLiteral(drivers!, 'Filter'), "DeviceClass='DISPLAY'");
    assert.doesNotMatch(code, /Win32_VideoController|Get-WmiObject|Get-CimAssociatedInstance/i);
  });

  it("discovers a GPU's driver files with filtered WMI queries and measures only the package folders and loose files it names", function () {
    const fn = listFunctions(text).find((f) => f.name === 'Get-GpuPvDriverPackages');
    assert.ok(fn, 'no Get-GpuPvDriverPackages');
    const inside = (c: PsCommand): boolean => c.line > fn.line && c.line < fn.endLine;
    const cim = named('Get-CimInstance').filter(inside);
    const byClass = (name: string): PsCommand => {
      const found = cim.find((c) => parameterLiteral(c, 'ClassName') === name);
      assert.ok(found, `${name} is not queried`);
      return found;
    };
    // The filters are built from escaped values, never from raw text.
    assert.equal(byClass('Win32_PnPSignedDriver').parameters.find((p) => p.name === 'Filter')?.value?.text, '$deviceFilter');
    assert.equal(byClass('Win32_PnPEntity').parameters.find((p) => p.name === 'Filter')?.value?.text, '$deviceFilter');
    assert.match(
      byClass('Win32_PnPSignedDriverCIMDataFile').parameters.find((p) => p.name === 'Filter')?.value?.text ?? '',
      /^\("Antecedent='\{0\}'" -f \(ConvertTo-GpuPvWqlString -Value \$antecedent\)\)$/,
    );
    assert.equal(byClass('Win32_SystemDriver').parameters.find((p) => p.name === 'Filter')?.value?.text, '$serviceFilter');
    const body = functionCode(text, 'Get-GpuPvDriverPackages');
    assert.match(body, /\$deviceFilter = "DeviceID='\{0\}'" -f \(ConvertTo-GpuPvWqlString -Value /);
    assert.match(body, /\$serviceFilter = "Name='\{0\}'" -f \(ConvertTo-GpuPvWqlString -Value /);
    // WQL escapes backslash and quote; the object path escapes the key's backslashes and quotes.
    assert.ok(
      code.includes(String.raw`return $Value.Replace('\', '\\').Replace("'", "\'")`),
      'ConvertTo-GpuPvWqlString escapes backslash and quote',
    );
    assert.ok(body.includes(String.raw`.Replace('\', '\\').Replace('"', '\"')`), 'the Antecedent object path escapes the DeviceID');
    // Each package folder is measured whole, with Measure-Object, and nothing else is listed.
    const listings = named('Get-ChildItem').filter(inside);
    assert.equal(listings.length, 1);
    assert.deepEqual(sorted(listings[0]!.parameters.map((p) => p.name)), ['File', 'Force', 'LiteralPath', 'Recurse']);
    assert.equal(
      parameterLiteral(listings[0]!, 'LiteralPath'),
      undefined,
      'a variable (the folder), never a literal such as the whole FileRepository',
    );
    assert.match(body, /Measure-Object -Property 'Length' -Sum/);
    assert.ok(body.includes(String.raw`\\DriverStore\\FileRepository\\[^\\]+)`), 'a folder directly under FileRepository');
    // The answer has exactly the properties the raw schema reads.
    // (the two empty @{} are the case-insensitive sets of folders and loose files)
    const literals = hashtableKeysInFunction(text, 'Get-GpuPvDriverPackages')
      .map(sorted)
      .filter((keys) => keys.length > 0);
    assert.deepEqual(literals, [
      sorted(Object.keys(rawMeasuredFolder.shape)),
      sorted(Object.keys(rawMeasuredFile.shape)),
      sorted(Object.keys(rawDriverPackages.shape)),
    ]);
  });

  // The reply's serialisation runs in Pester (ConvertTo-GpuPvReplyText.Tests.ps1, Invoke-GpuPv.Tests.ps1);
  // that no other path of the module prints anything cannot be run, path by path.
  it('writes to the console in exactly one place, and never through a Write-* cmdlet', function () {
    assert.equal(code.match(/\[Console\]::Out\.WriteLine/g)?.length, 1, 'exactly one place writes to stdout');
    assert.doesNotMatch(code, /Write-(Host|Output|Error|Warning|Information|Verbose)/i);
  });

  // The preferences of a call run in Pester (Invoke-GpuPv.Tests.ps1); importing Hyper-V needs a Hyper-V module.
  it('imports Hyper-V once at load, its absence caught and not printed', function () {
    // The other import is the remote copy of this module, inside Invoke-Command's script block.
    const imports = named('Import-Module').filter((c) => parameterLiteral(c, 'Name') !== undefined);
    assert.equal(imports.length, 1);
    assert.equal(named('Import-Module').length, 2);
    assert.equal(parameterLiteral(imports[0]!, 'Name'), 'Hyper-V');
    assert.equal(parameterLiteral(imports[0]!, 'ErrorAction'), 'Stop', 'its absence must be caught, not printed');
    assert.equal(parameterLiteral(imports[0]!, 'WarningAction'), 'SilentlyContinue');
  });

  it('feature-detects the inventory cmdlet and -InstancePath instead of assuming Windows 11', function () {
    assert.match(code, /'Get-VMHostPartitionableGpu', 'Get-VMPartitionableGpu'/);
    assert.match(code, /Parameters\.ContainsKey\('InstancePath'\)/);
    assert.match(code, /S-1-5-32-578/);
  });
});
