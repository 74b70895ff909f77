// The "show as PowerShell" preview of every action, parsed with tree-sitter: whatever the VM names,
// GPU labels, instance paths and adapter ids hold, each line is one command (or the `$vm = Get-VM`
// assignment, or a comment), every argument is a literal that PowerShell reads back as exactly the
// value, and every call matches the cmdlet signature table.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { SIZE_KEYS, type GpuPvAction } from '../../../src/core/actions/gpuPvAction';
import { grantHyperVAdministrators, powershellPreview, psLiteral } from '../../../src/core/actions/powershellPreview';
import { checkCommands, formatIssue } from '../../support/cmdletSignatures';
import {
  commandsIn,
  formatProblem,
  listCommands,
  loadPowerShellParser,
  syntaxErrorsIn,
  withPowerShellTree,
  type PsCommand,
  type PsParameter,
} from '../../support/powershellSyntax';
import { HOSTILE_TEXT, QUOTES, UINT64_EDGES, previewCases } from './previewCases';

type Expected =
  | { readonly literal: 'verbatim' | 'number' | 'bareword'; readonly value: string }
  | { readonly variable: '$vm' | '$true' | '$false'; readonly colon?: true }
  /** A switch parameter: no value. */
  | null;

interface ExpectedCommand {
  readonly name: string;
  readonly parameters: ReadonlyArray<readonly [string, Expected]>;
}

const VM: Expected = { variable: '$vm' };
const verbatim = (value: string): Expected => ({ literal: 'verbatim', value });
const number = (value: bigint | number): Expected => ({ literal: 'number', value: value.toString() });
const bool = (value: boolean): Expected => ({ variable: value ? '$true' : '$false' });

/** What the preview must run, worked out from the action alone (not from powershellPreview's code). */
function expectedCommands(action: GpuPvAction): ExpectedCommand[] {
  const commands: ExpectedCommand[] = [];
  if ('vm' in action) commands.push({ name: 'Get-VM', parameters: [['Id', verbatim(action.vm.id)]] });
  const sizes = (values: Partial<Record<string, bigint>> | null): [string, Expected][] =>
    SIZE_KEYS.filter((key) => values?.[key] !== undefined).map((key) => [key, number(values![key]!)]);
  switch (action.kind) {
    case 'assign-gpu':
      commands.push({
        name: 'Add-VMGpuPartitionAdapter',
        parameters: [
          ['VM', VM],
          ...(action.gpu ? [['InstancePath', verbatim(action.gpu.instancePath)] as [string, Expected]] : []),
          ...sizes(action.sizes),
        ],
      });
      break;
    case 'resize-partition':
      commands.push({
        name: 'Set-VMGpuPartitionAdapter',
        parameters: [
          ['VM', VM],
          ...(action.adapterId ? [['AdapterId', verbatim(action.adapterId)] as [string, Expected]] : []),
          ...sizes(action.sizes),
        ],
      });
      break;
    case 'remove-partition':
      commands.push({
        name: 'Remove-VMGpuPartitionAdapter',
        parameters: [
          ['VM', VM],
          ...(action.adapterId ? [['AdapterId', verbatim(action.adapterId)] as [string, Expected]] : []),
          ['Confirm', { variable: '$false', colon: true }],
        ],
      });
      break;
    case 'configure-vm': {
      const s = action.settings;
      const setVm: [string, Expected][] = [];
      if (s.GuestControlledCacheTypes !== undefined) setVm.push(['GuestControlledCacheTypes', bool(s.GuestControlledCacheTypes)]);
      if (s.LowMemoryMappedIoSpace !== undefined) setVm.push(['LowMemoryMappedIoSpace', number(s.LowMemoryMappedIoSpace)]);
      if (s.HighMemoryMappedIoSpace !== undefined) setVm.push(['HighMemoryMappedIoSpace', number(s.HighMemoryMappedIoSpace)]);
      if (s.CheckpointType !== undefined) setVm.push(['CheckpointType', { literal: 'bareword', value: s.CheckpointType }]);
      if (s.AutomaticStopAction !== undefined) setVm.push(['AutomaticStopAction', { literal: 'bareword', value: s.AutomaticStopAction }]);
      if (setVm.length > 0) commands.push({ name: 'Set-VM', parameters: [['VM', VM], ...setVm] });
      if (s.DynamicMemoryEnabled !== undefined)
        commands.push({
          name: 'Set-VMMemory',
          parameters: [
            ['VM', VM],
            ['DynamicMemoryEnabled', bool(s.DynamicMemoryEnabled)],
          ],
        });
      break;
    }
    case 'set-partition-count':
      commands.push({
        name: action.windows10 ? 'Set-VMPartitionableGpu' : 'Set-VMHostPartitionableGpu',
        parameters: [
          ['Name', verbatim(action.gpu.instancePath)],
          ['PartitionCount', number(action.count)],
        ],
      });
      break;
    case 'start-vm':
      commands.push({ name: 'Start-VM', parameters: [['VM', VM]] });
      break;
    case 'stop-vm':
      commands.push({
        name: 'Stop-VM',
        parameters: [['VM', VM], ...(action.turnOff ? [['TurnOff', null] as [string, Expected]] : []), ['Force', null]],
      });
      break;
    case 'discard-saved-state':
      commands.push({
        name: 'Remove-VMSavedState',
        parameters: [
          ['VM', VM],
          ['Confirm', { variable: '$false', colon: true }],
        ],
      });
      break;
  }
  return commands;
}

function describeValue(p: PsParameter): string {
  return p.value ? `${p.value.kind} ${JSON.stringify(p.value.text.slice(0, 60))}` : '(no value)';
}

function matches(p: PsParameter, expected: Expected): boolean {
  if (expected === null) return p.value === null;
  if (!p.value) return false;
  if ('variable' in expected)
    return p.value.kind === 'variable' && p.value.text === expected.variable && p.colonBound === (expected.colon ?? false);
  return !p.colonBound && p.value.literal?.kind === expected.literal && p.value.literal.value === expected.value;
}

/** Everything wrong with `lines` as the preview of `action`; empty when it is right. */
function previewProblems(action: GpuPvAction, lines: readonly string[]): string[] {
  const problems: string[] = [];
  for (const line of lines) {
    if (line.startsWith('#') && /[\r\n\u2028\u2029]/.test(line))
      problems.push(`a comment line holds a line break: ${JSON.stringify(line.slice(0, 60))}`);
  }
  const codeLines = lines.filter((line) => !line.startsWith('#'));
  const text = lines.join('\n');
  const commands = withPowerShellTree(text, (root) => {
    problems.push(...syntaxErrorsIn(root).map(formatProblem));
    const statements = (root.children.find((c) => c.type === 'statement_list')?.namedChildren ?? []).filter((n) => n.type !== 'comment');
    if (statements.length !== codeLines.length) problems.push(`${codeLines.length} code lines but ${statements.length} statements`);
    statements.forEach((statement, i) => {
      if (statement.text !== codeLines[i])
        problems.push(`statement ${i + 1} is not exactly line ${i + 1}: ${JSON.stringify(statement.text.slice(0, 80))}`);
    });
    return commandsIn(root);
  });

  const expected = expectedCommands(action);
  if (commands.length !== expected.length) {
    problems.push(`expected ${expected.map((c) => c.name).join(', ')}; found ${commands.map((c) => c.name).join(', ')}`);
    return problems;
  }
  commands.forEach((command: PsCommand, i) => {
    const want = expected[i]!;
    const at = `${want.name} (#${i + 1})`;
    if (command.name !== want.name || command.dynamic || command.module !== null || command.invocation !== null)
      problems.push(`${at}: found ${command.dynamic ? 'a dynamic command' : command.name}`);
    for (const a of command.positional) problems.push(`${at}: positional argument ${JSON.stringify(a.text.slice(0, 60))}`);
    for (const s of command.splats) problems.push(`${at}: splat @${s}`);
    for (const r of command.redirections) problems.push(`${at}: redirection ${r}`);
    const names = command.parameters.map((p) => p.name);
    if (names.join(' ') !== want.parameters.map(([n]) => n).join(' '))
      problems.push(`${at}: parameters ${names.join(' ')}, expected ${want.parameters.map(([n]) => n).join(' ')}`);
    else
      command.parameters.forEach((p, j) => {
        if (!matches(p, want.parameters[j]![1]))
          problems.push(`${at}: -${p.name} takes ${describeValue(p)}, not exactly ${JSON.stringify(want.parameters[j]![1])?.slice(0, 80)}`);
      });
    // The first code line of a VM action is the assignment of Get-VM's answer to $vm.
    if (command.name === 'Get-VM' && codeLines[0] !== `$vm = ${command.text}`)
      problems.push(`line 1 is not "$vm = Get-VM ...": ${JSON.stringify(codeLines[0]?.slice(0, 60))}`);
  });
  problems.push(...checkCommands(commands).map(formatIssue));
  return problems;
}

function show(action: GpuPvAction): string {
  return JSON.stringify(action, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : typeof v === 'string' && v.length > 40 ? `${v.slice(0, 40)}…` : v,
  );
}

describe('PowerShell preview of every action (static checks)', function () {
  // About 2,500 previews, each parsed with tree-sitter: around a second on an idle machine.
  this.timeout(30_000);
  const cases = previewCases();

  before(async function () {
    this.timeout(10_000);
    await loadPowerShellParser();
  });

  it('covers every action kind, each optional part present and absent, UInt64 edges and 1,000-character values', function () {
    const actions = cases;
    const kinds = new Set(actions.map((a) => a.kind));
    assert.deepEqual([...kinds].sort(), [
      'assign-gpu',
      'configure-vm',
      'discard-saved-state',
      'remove-partition',
      'resize-partition',
      'set-partition-count',
      'start-vm',
      'stop-vm',
    ]);
    const edges = new Set(actions.flatMap((a) => ('sizes' in a && a.sizes ? Object.values(a.sizes) : [])));
    for (const edge of UINT64_EDGES) assert.ok(edges.has(edge), `${edge} not covered`);
    assert.ok(
      actions.some((a) => a.kind === 'assign-gpu' && a.gpu === null) && actions.some((a) => a.kind === 'assign-gpu' && a.gpu !== null),
    );
    assert.ok(HOSTILE_TEXT.some((t) => t.length >= 1000 && QUOTES.test(t)));
    for (const needle of ["'", '"', '\u2018', '\u2019', '\u201a', '\u201b', '$(', '`', ';', '|', '&', '\n', '\r', '\u202e', '\u4e2d']) {
      assert.ok(
        HOSTILE_TEXT.some((t) => t.includes(needle)),
        `no hostile value holds ${JSON.stringify(needle)}`,
      );
    }
  });

  for (const kind of [
    'assign-gpu',
    'resize-partition',
    'remove-partition',
    'configure-vm',
    'set-partition-count',
    'start-vm',
    'stop-vm',
    'discard-saved-state',
  ] as const) {
    it(`${kind}: one command per line, literals only, values exact, signatures known, for hostile text`, function () {
      let checked = 0;
      for (const action of cases.filter((a) => a.kind === kind)) {
        const problems = previewProblems(action, powershellPreview(action));
        assert.deepEqual(problems, [], show(action));
        checked++;
      }
      assert.ok(checked >= HOSTILE_TEXT.length);
    });
  }

  it('holds for generated names, paths and ids over a quote-heavy alphabet and arbitrary Unicode (property)', function () {
    const hostileChar = fc.constantFrom(
      "'",
      '\u2018',
      '\u2019',
      '\u201a',
      '\u201b',
      '"',
      '\u201c',
      '$',
      '(',
      ')',
      '`',
      ';',
      '|',
      '&',
      '\n',
      '\r',
      '#',
      '<',
      '>',
      '@',
      '{',
      '}',
      ' ',
      '-',
      '\u2013',
      'a',
      '\u00e9',
      '\u202e',
      '\ud83d\ude00',
    );
    const text = fc.oneof(fc.string({ unit: hostileChar, maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }));
    const uint64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    const action = fc.oneof(
      fc.record({
        kind: fc.constant('assign-gpu' as const),
        vm: fc.record({ id: text, name: text }),
        gpu: fc.option(fc.record({ instancePath: text, label: text })),
        sizes: fc.option(fc.record({ MaxPartitionVRAM: uint64, MinPartitionEncode: uint64 }, { requiredKeys: [] })),
      }),
      fc.record({ kind: fc.constant('remove-partition' as const), vm: fc.record({ id: text, name: text }), adapterId: fc.option(text) }),
      fc.record({
        kind: fc.constant('set-partition-count' as const),
        gpu: fc.record({ instancePath: text, label: text }),
        count: fc.integer({ min: 1, max: 65535 }),
        windows10: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(action, (a) => previewProblems(a, powershellPreview(a)).length === 0),
      { numRuns: 400, seed: 20251124 },
    );
  });

  it('the line that admits an account to Hyper-V Administrators quotes the account: O’Brien and hostile names read back exactly', function () {
    for (const account of ["CONTOSO\\O'Brien", "O'Brien@contoso.com", ...HOSTILE_TEXT]) {
      const line = grantHyperVAdministrators(account);
      const problems: string[] = [];
      const commands = withPowerShellTree(line, (root) => {
        problems.push(...syntaxErrorsIn(root).map(formatProblem));
        return commandsIn(root);
      });
      assert.deepEqual(problems, [], line);
      assert.equal(commands.length, 1, line);
      const [command] = commands;
      assert.equal(command!.name, 'Add-LocalGroupMember');
      assert.deepEqual(
        command!.parameters.map((p) => [p.name, matches(p, verbatim(p.name === 'Group' ? 'Hyper-V Administrators' : account))]),
        [
          ['Group', true],
          ['Member', true],
        ],
        line,
      );
      assert.deepEqual(checkCommands(commands).map(formatIssue), []);
    }
    assert.equal(
      grantHyperVAdministrators("CONTOSO\\O'Brien"),
      "Add-LocalGroupMember -Group 'Hyper-V Administrators' -Member 'CONTOSO\\O''Brien'",
    );
  });

  describe('the check bites: a naive preview of the same actions', function () {
    /** What a hand-written preview would do: `-InstancePath '${path}'`, quotes not doubled. */
    function naivePreview(action: GpuPvAction): string[] {
      const path =
        action.kind === 'assign-gpu'
          ? action.gpu?.instancePath
          : action.kind === 'set-partition-count'
            ? action.gpu.instancePath
            : undefined;
      if (path === undefined) return powershellPreview(action);
      return powershellPreview(action).map((line) => (line.startsWith('#') ? line : line.split(psLiteral(path)).join(`'${path}'`)));
    }
    const assign = (path: string): GpuPvAction => ({
      kind: 'assign-gpu',
      vm: { id: '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c', name: 'GPU-PV' },
      gpu: { instancePath: path, label: 'GPU' },
      sizes: null,
    });

    it('turns an injected instance path into a command of its own', function () {
      const path = "'; Stop-Computer -Force; '";
      const lines = naivePreview(assign(path));
      assert.ok(
        listCommands(lines.join('\n')).some((c) => c.name === 'Stop-Computer'),
        'the injection runs as its own command',
      );
      assert.notDeepEqual(previewProblems(assign(path), lines), []);
    });

    it('fails for every hostile path holding a quote character, typographic ones included', function () {
      const survivors = HOSTILE_TEXT.filter((path) => QUOTES.test(path)).filter(
        (path) => previewProblems(assign(path), naivePreview(assign(path))).length === 0,
      );
      assert.deepEqual(survivors, []);
      const typographic = 'C:\\x\u2019; Stop-Computer; \u2018y';
      assert.notDeepEqual(
        previewProblems(assign(typographic), naivePreview(assign(typographic))),
        [],
        'PowerShell ends the string at \u2019',
      );
    });

    it('notices a wrong value, a missing parameter and an extra command', function () {
      const action = assign('GPU');
      const [comment1, comment2, getVm, add] = powershellPreview(action) as [string, string, string, string];
      assert.match(previewProblems(action, [comment1, comment2, getVm, add.replace("'GPU'", "'GPX'")]).join('\n'), /-InstancePath takes/);
      assert.match(
        previewProblems(action, [comment1, comment2, getVm, add.replace(" -InstancePath 'GPU'", '')]).join('\n'),
        /Add-VMGpuPartitionAdapter \(#2\): parameters VM, expected VM InstancePath/,
      );
      assert.match(
        previewProblems(action, [comment1, comment2, getVm, add, 'Stop-Computer']).join('\n'),
        /expected Get-VM, Add-VMGpuPartitionAdapter; found/,
      );
      assert.match(
        previewProblems(action, [comment1, `${comment2}\nStop-Computer`, getVm, add]).join('\n'),
        /comment line holds a line break/,
      );
    });
  });
});
