// The tree-sitter helpers other PowerShell checks rely on: what they report for known input.
import { strict as assert } from 'node:assert';
import {
  checkSingleCommandLine,
  decodeVerbatimString,
  hashtableAssignedTo,
  hashtableKeysAssignedTo,
  listCommands,
  listCommandsResolvingSplats,
  listFunctions,
  loadPowerShellParser,
  parameterLiteral,
  stringListAssignedTo,
  syntaxErrors,
} from '../../support/powershellSyntax';

describe('PowerShell syntax helpers', function () {
  before(async function () {
    this.timeout(10_000);
    await loadPowerShellParser();
  });

  describe('decodeVerbatimString (PowerShell tokenizer rules)', function () {
    it('undoes doubled quotes, including typographic ones', function () {
      assert.equal(decodeVerbatimString("'it''s'"), "it's");
      assert.equal(decodeVerbatimString("'a\u2018\u2018b'"), 'a\u2018b');
      assert.equal(decodeVerbatimString("'a\u2019'b'"), "a'b", 'two different quote characters are one escaped quote: the second');
      assert.equal(decodeVerbatimString('\u2018typographic\u2019'), 'typographic');
      assert.equal(decodeVerbatimString("''"), '');
      assert.equal(decodeVerbatimString("'$(x) `n ; | & \" \n'"), '$(x) `n ; | & " \n');
    });

    it('refuses a string PowerShell would end early, or never', function () {
      assert.equal(decodeVerbatimString("'a'b'"), null);
      assert.equal(decodeVerbatimString("'a\u2018b'"), null, 'a lone typographic quote ends the string');
      assert.equal(decodeVerbatimString("'open"), null);
      assert.equal(decodeVerbatimString('"double"'), null);
      assert.equal(decodeVerbatimString("'"), null);
    });
  });

  describe('syntaxErrors', function () {
    it('is empty for valid code', function () {
      assert.deepEqual(syntaxErrors("Get-VM -Name 'a' | Select-Object -Property 'Name', 'State'\n$x = @{ a = 1 }\n"), []);
    });

    it('reports broken quoting with its line and column', function () {
      const errors = syntaxErrors("Get-VM\nImport-Module -Name 'a'b' -DisableNameChecking\n");
      assert.ok(errors.length > 0);
      assert.equal(errors[0]!.line, 2);
      assert.ok(errors[0]!.column >= 1);
      assert.match(errors[0]!.message, /syntax error|missing/);
    });
  });

  describe('listCommands', function () {
    it('reads names, parameters, values and their kinds', function () {
      const [cmd] = listCommands("Set-VM -VMName 'GPU PV' -LowMemoryMappedIoSpace 1GB -GuestControlledCacheTypes:$true -Passthru");
      assert.ok(cmd);
      assert.equal(cmd.name, 'Set-VM');
      assert.deepEqual(
        cmd.parameters.map((p) => [p.name, p.colonBound, p.value?.kind ?? null, p.value?.literal ?? null]),
        [
          ['VMName', false, 'verbatim_string_characters', { kind: 'verbatim', value: 'GPU PV' }],
          ['LowMemoryMappedIoSpace', false, 'generic_token', { kind: 'number', value: '1GB' }],
          ['GuestControlledCacheTypes', true, 'variable', null],
          ['Passthru', false, null, null],
        ],
      );
      assert.equal(parameterLiteral(cmd, 'vmname'), 'GPU PV');
    });

    it('finds commands in pipelines, parentheses and script blocks, in source order', function () {
      const names = listCommands("$a = @(Get-VM | Where-Object -FilterScript { Test-Path -LiteralPath 'x' }) ; (Get-Disk -Number 1)").map(
        (c) => c.name,
      );
      assert.deepEqual(names, ['Get-VM', 'Where-Object', 'Test-Path', 'Get-Disk']);
    });

    it('separates positional arguments, splats, redirections and module qualifiers', function () {
      const [cmd] = listCommands("Hyper-V\\Get-VM 'a' @rest -Name:'b' 3>$null *>&1");
      assert.ok(cmd);
      assert.equal(cmd.name, 'Get-VM');
      assert.equal(cmd.module, 'Hyper-V');
      assert.deepEqual(
        cmd.positional.map((a) => a.literal?.value),
        ['a'],
      );
      assert.deepEqual(cmd.splats, ['rest']);
      assert.deepEqual(cmd.redirections, ['3>$null', '*>&1']);
      assert.deepEqual(
        cmd.parameters.map((p) => [p.name, p.value?.literal?.value]),
        [['Name', 'b']],
      );
    });

    it('reads a parameter written with an en dash, as PowerShell does', function () {
      const [cmd] = listCommands('Set-VM \u2013HighMemoryMappedIoSpace 32GB');
      assert.deepEqual(
        cmd?.parameters.map((p) => p.name),
        ['HighMemoryMappedIoSpace'],
      );
    });

    it('marks & $variable invocations as dynamic', function () {
      const [cmd] = listCommands('& $entry.Handler $arguments');
      assert.equal(cmd?.dynamic, true);
    });

    it('does not take an expandable string with a variable for a literal', function () {
      const [cmd] = listCommands('Get-VM -Name "vm-$id" -ComputerName "host"');
      assert.deepEqual(
        cmd?.parameters.map((p) => p.value?.literal?.kind ?? null),
        [null, 'expandable'],
      );
    });
  });

  describe('listFunctions and hashtableKeysAssignedTo', function () {
    it('lists functions with their parameters and whether they are advanced', function () {
      const fns = listFunctions(
        'function Get-A { param([string] $X, $Y = 2) }\nfunction Get-B { [CmdletBinding()] param($Z) }\nfunction Get-C($W) { }',
      );
      assert.deepEqual(
        fns.map((f) => [f.name, f.parameters, f.advanced]),
        [
          ['Get-A', ['X', 'Y'], false],
          ['Get-B', ['Z'], true],
          ['Get-C', ['W'], false],
        ],
      );
    });

    it('reads the top-level keys of a hashtable assigned to a variable', function () {
      const text = "$script:Table = @{\n  'First-Op' = @{ Inner = 1 }\n  Second = 2\n}\n";
      assert.deepEqual(hashtableKeysAssignedTo(text, 'Table'), ['First-Op', 'Second']);
      assert.equal(hashtableKeysAssignedTo(text, 'Other'), null);
    });
  });

  describe('hashtables and lists as data', function () {
    it('reads a nested hashtable literal: literals as values, code as its text', function () {
      const text = "$script:Ops = @{\n  'A-Op' = @{ Arguments = @{ VMId = 'Guid'; Path = 'Path?' }; Handler = { param($x) Get-A } }\n}\n";
      assert.deepEqual(hashtableAssignedTo(text, 'Ops'), {
        'A-Op': {
          hashtable: {
            Arguments: { hashtable: { VMId: { literal: 'Guid' }, Path: { literal: 'Path?' } } },
            Handler: { code: '{ param($x) Get-A }' },
          },
        },
      });
      assert.equal(hashtableAssignedTo(text, 'Other'), null);
    });

    it('reads a literal string list, and only one assigned once', function () {
      assert.deepEqual(stringListAssignedTo("$script:L = @(\n  'a', 'b',\n  'c'\n)", 'L'), ['a', 'b', 'c']);
      assert.deepEqual(stringListAssignedTo("$L = 'a', 'b'", 'L'), ['a', 'b']);
      assert.equal(stringListAssignedTo("$L = @('a', $x)", 'L'), null, 'not all literals');
      assert.equal(stringListAssignedTo("$L = @('a')\n$L = @('b')", 'L'), null, 'assigned twice');
    });
  });

  describe('listCommandsResolvingSplats', function () {
    const resolved = (text: string) => {
      const { commands, problems } = listCommandsResolvingSplats(text);
      const command = commands.find((c) => c.name === 'Set-VM');
      return { problems, splats: command?.splats, parameters: command?.parameters.map((p) => p.written) };
    };

    it('resolves a literal, element and member assignments, and a loop over a literal list', function () {
      const text = [
        "$script:Names = @('LowMemoryMappedIoSpace', 'HighMemoryMappedIoSpace')",
        'function Set-It {',
        '  param($s)',
        '  $p = @{ VM = $vm }',
        "  $p['CheckpointType'] = 'Disabled'",
        '  $p.Notes = $s.Notes',
        '  foreach ($n in $script:Names) { if ($s.Contains($n)) { $p[$n] = $s[$n] } }',
        '  if ($p.Count -gt 1) { Set-VM @p -ErrorAction Stop }',
        '}',
      ].join('\n');
      assert.deepEqual(resolved(text), {
        problems: [],
        splats: [],
        parameters: [
          '-ErrorAction',
          '@p.VM',
          '@p[CheckpointType]',
          '@p[Notes]',
          '@p[LowMemoryMappedIoSpace]',
          '@p[HighMemoryMappedIoSpace]',
        ],
      });
    });

    it('keeps the keys of each function apart', function () {
      const text =
        "function A { $p = @{ VM = $vm }; $p['InstancePath'] = 'x'; Get-Other @p }\nfunction B { $p = @{ VM = $vm }; Set-VM @p }";
      assert.deepEqual(resolved(text).parameters, ['@p.VM']);
    });

    it('refuses what could add keys it cannot see', function () {
      const cases: Record<string, RegExp> = {
        "function F { $p = @{}; $p.Add('Name', 1); Set-VM @p }": /may change its keys/,
        'function F { $p = @{}; Add-Keys -To $p; Set-VM @p }': /handed on/,
        'function F { $p = @{}; $q = $p; Set-VM @p }': /handed on/,
        'function F { $p = Get-Params; Set-VM @p }': /something other than a hashtable literal/,
        'function F { $p = @{}; $p[$key] = 1; Set-VM @p }': /not a literal or a loop over a literal list/,
        'function F { $p = @{}; foreach ($k in Get-Keys) { $p[$k] = 1 }; Set-VM @p }': /not a literal or a loop over a literal list/,
        'function F { Set-VM @p }': /no hashtable is assigned/,
      };
      for (const [text, reason] of Object.entries(cases)) {
        const { problems, splats } = resolved(text);
        assert.equal(problems.length, 1, text);
        assert.match(problems[0]!, reason, text);
        assert.deepEqual(splats, ['p'], `${text}: the splat stays unresolved`);
      }
    });
  });

  describe('checkSingleCommandLine', function () {
    it('accepts one command with single-quoted literal values and switches', function () {
      const check = checkSingleCommandLine("Import-Module -Name 'C:\\a b\\GpuPv.psm1' -DisableNameChecking");
      assert.deepEqual(check.problems, []);
      assert.equal(check.command?.name, 'Import-Module');
    });

    it('refuses a second statement, a variable, a positional argument', function () {
      assert.notDeepEqual(checkSingleCommandLine("Get-VM -Name 'a'; Stop-Computer").problems, []);
      assert.notDeepEqual(checkSingleCommandLine('Get-VM -Name $name').problems, []);
      assert.notDeepEqual(checkSingleCommandLine("Get-VM 'a'").problems, []);
      assert.notDeepEqual(checkSingleCommandLine('Get-VM -Name "a"').problems, [], 'double quotes expand: not accepted');
    });
  });
});
