// The tree-sitter helpers other PowerShell checks rely on: what they report for known input.
import { strict as assert } from 'node:assert';
import {
  checkSingleCommandLine,
  decodeVerbatimString,
  hashtableKeysAssignedTo,
  listCommands,
  listFunctions,
  loadPowerShellParser,
  parameterLiteral,
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
      const names = listCommands("$a = @(Get-VM | Where-Object -FilterScript { Test-Path -LiteralPath 'x' }) ; (Get-Disk -Number 1)").map((c) => c.name);
      assert.deepEqual(names, ['Get-VM', 'Where-Object', 'Test-Path', 'Get-Disk']);
    });

    it('separates positional arguments, splats, redirections and module qualifiers', function () {
      const [cmd] = listCommands("Hyper-V\\Get-VM 'a' @rest -Name:'b' 3>$null *>&1");
      assert.ok(cmd);
      assert.equal(cmd.name, 'Get-VM');
      assert.equal(cmd.module, 'Hyper-V');
      assert.deepEqual(cmd.positional.map((a) => a.literal?.value), ['a']);
      assert.deepEqual(cmd.splats, ['rest']);
      assert.deepEqual(cmd.redirections, ['3>$null', '*>&1']);
      assert.deepEqual(cmd.parameters.map((p) => [p.name, p.value?.literal?.value]), [['Name', 'b']]);
    });

    it('reads a parameter written with an en dash, as PowerShell does', function () {
      const [cmd] = listCommands('Set-VM \u2013HighMemoryMappedIoSpace 32GB');
      assert.deepEqual(cmd?.parameters.map((p) => p.name), ['HighMemoryMappedIoSpace']);
    });

    it('marks & $variable invocations as dynamic', function () {
      const [cmd] = listCommands('& $entry.Handler $arguments');
      assert.equal(cmd?.dynamic, true);
    });

    it('does not take an expandable string with a variable for a literal', function () {
      const [cmd] = listCommands('Get-VM -Name "vm-$id" -ComputerName "host"');
      assert.deepEqual(cmd?.parameters.map((p) => p.value?.literal?.kind ?? null), [null, 'expandable']);
    });
  });

  describe('listFunctions and hashtableKeysAssignedTo', function () {
    it('lists functions with their parameters and whether they are advanced', function () {
      const fns = listFunctions('function Get-A { param([string] $X, $Y = 2) }\nfunction Get-B { [CmdletBinding()] param($Z) }\nfunction Get-C($W) { }');
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
