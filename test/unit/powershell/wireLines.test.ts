// Every line the extension types into PowerShell must be one command whose arguments are single
// literals, whatever the data: operation calls carry base64, and so does the module path (decoded by
// PowerShell, so that the line stays ASCII).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { OPERATIONS, type OperationName } from '../../../src/host/protocol';
import { ENTRY_POINT, formatCall, formatImportModule, parseCall, parseImportModule } from '../../../src/host/wire';
import { checkCommand, formatIssue, signaturesOfFunctions, type CmdletSignature } from '../../support/cmdletSignatures';
import {
  GPUPV_MODULE,
  checkSingleCommandLine,
  listCommands,
  listFunctions,
  loadPowerShellParser,
  parameterLiteral,
  repoFile,
  syntaxErrors,
} from '../../support/powershellSyntax';

const QUOTES = /['\u2018\u2019\u201a\u201b]/;

/** Values chosen to break quoting: quote characters of every kind, code, separators, control characters, scripts, length. */
const HOSTILE: readonly string[] = [
  "it's",
  "''",
  "'",
  'say "hi" and ""',
  '\u2018left\u2019 and \u201alow\u201b',
  '\u2018',
  "'\u2019",
  "'; Remove-Item -Recurse -Force C:\\ ; '",
  '\u2019; Stop-Computer; \u2018',
  '$(Stop-Computer)',
  '${env:USERNAME} $env:PATH @splat',
  '`n`r`0 backtick` at end`',
  'a;b|c&d&&e||f',
  '> out.txt 2>&1 < in',
  'line1\nline2',
  'cr\rhere\r\n',
  '\x01\x07\x08\t\x0b\x0c\x1b\x1f\x7f',
  '# not a comment <# nor this #>',
  "@' here-string '@",
  '@" here-string "@',
  '-Force -Name other',
  '--% stop parsing',
  'C:\\Program Files\\GPU-PV (x86)\\dist\\powershell\\GpuPv.psm1',
  '\\\\?\\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV',
  'caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67',
  '\u05e2\u05d1\u05e8\u05d9\u05ea \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u202eevil\u202c',
  '\u00a0\ufeff\u2060\u200b zero-width and nbsp',
  '\u201cdouble typographic\u201d \u201e',
  '\u2013Name \u2014Force \u2015x',
  'x'.repeat(1000),
  "'".repeat(1000),
  "a'\u2018$(`;|&\n".repeat(125),
];

describe('generated PowerShell lines (static checks)', function () {
  let moduleFunctions: CmdletSignature[];

  before(async function () {
    this.timeout(10_000);
    await loadPowerShellParser();
    moduleFunctions = signaturesOfFunctions(listFunctions(readFileSync(repoFile(GPUPV_MODULE), 'utf8')), 'GpuPv');
  });

  it('the hostile values are as long and varied as intended', function () {
    assert.ok(HOSTILE.some((v) => v.length >= 1000 && QUOTES.test(v)));
    assert.ok(HOSTILE.filter((v) => QUOTES.test(v)).length >= 10);
  });

  describe('formatCall', function () {
    const operations = Object.keys(OPERATIONS) as OperationName[];

    function argumentSets(operation: OperationName): Record<string, string>[] {
      const keys = Object.keys(OPERATIONS[operation].args.shape);
      if (keys.length === 0) return [{}];
      return HOSTILE.map((value) => Object.fromEntries(keys.map((k) => [k, value])));
    }

    for (const operation of operations) {
      it(`${operation}: one ${ENTRY_POINT} command with two single-quoted literals, for hostile arguments`, function () {
        for (const args of argumentSets(operation)) {
          const line = formatCall(operation, args);
          const { command, problems } = checkSingleCommandLine(line);
          assert.deepEqual(problems, [], line.slice(0, 200));
          assert.ok(command);
          assert.equal(command.name, ENTRY_POINT);
          assert.equal(parameterLiteral(command, 'Operation'), operation);
          const payload = parameterLiteral(command, 'Payload');
          assert.ok(payload !== undefined && /^[A-Za-z0-9+/]*={0,2}$/.test(payload));
          assert.deepEqual(JSON.parse(Buffer.from(payload, 'base64').toString('utf8')), args);
          assert.deepEqual(checkCommand(command, { extra: moduleFunctions }).map(formatIssue), [], 'matches Invoke-GpuPv’s parameters');
          assert.equal(parseCall(line)?.operation, operation, 'the simulator reads the same line back');
        }
      });
    }
  });

  describe('formatImportModule', function () {
    /** The line with its one base64 literal cut out: the code around the path, the same for every path. */
    const template = (line: string): string => line.replace(/'[A-Za-z0-9+/]*={0,2}'/, "'<path>'");
    const fixed = template(formatImportModule('C:\\a\\GpuPv.psm1'));

    it('is one Import-Module command whose code does not depend on the path', function () {
      assert.deepEqual(syntaxErrors(fixed), []);
      assert.deepEqual(
        listCommands(fixed).map((c) => c.name),
        ['Import-Module'],
      );
    });

    it('is ASCII and carries exactly the hostile path, base64 of its UTF-8, read back by the simulator', function () {
      for (const path of HOSTILE) {
        // eslint-disable-next-line no-control-regex -- control characters are what is tested
        if (/[\u0000-\u001f]/.test(path)) {
          assert.throws(() => formatImportModule(path), RangeError, 'no Windows path holds a control character');
          continue;
        }
        const line = formatImportModule(path);
        assert.match(line, /^[\x20-\x7e]+$/, JSON.stringify(path).slice(0, 120));
        assert.equal(template(line), fixed);
        const [, encoded] = /'([A-Za-z0-9+/]*={0,2})'/.exec(line)!;
        assert.equal(Buffer.from(encoded!, 'base64').toString('utf8'), path);
        assert.equal(parseImportModule(line), path, 'the simulator reads the same path back');
      }
    });

    it('holds for generated strings over a quote-heavy alphabet and for arbitrary Unicode (property)', function () {
      const hostileChar = fc.constantFrom(
        "'",
        '\u2018',
        '\u2019',
        '"',
        '\u201c',
        '$',
        '(',
        '`',
        ';',
        '|',
        '&',
        '#',
        '@',
        ' ',
        '-',
        '\u2013',
        'a',
        '\u00e9',
        '\u4e2d',
        '\ud83d\ude00',
      );
      const value = fc.oneof(fc.string({ unit: hostileChar, maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 }));
      fc.assert(
        fc.property(
          // eslint-disable-next-line no-control-regex -- control characters are refused (tested above)
          value.filter((v) => !/[\u0000-\u001f]/.test(v)),
          (path) => {
            const line = formatImportModule(path);
            return /^[\x20-\x7e]+$/.test(line) && template(line) === fixed && parseImportModule(line) === path;
          },
        ),
        { numRuns: 300, seed: 4242 },
      );
    });
  });

  describe('the check bites: naive interpolation of the same values', function () {
    const naive = (path: string): string => `Import-Module -Name '${path}' -DisableNameChecking`;
    const survives = (path: string): boolean => {
      const { command, problems } = checkSingleCommandLine(naive(path));
      return problems.length === 0 && command !== null && parameterLiteral(command, 'Name') === path;
    };

    it('turns an injected name into several commands', function () {
      const injected = "'; Remove-Item -Recurse -Force C:\\ ; '";
      const names = listCommands(naive(injected)).map((c) => c.name);
      assert.ok(
        names.length >= 2 && names.includes('Remove-Item'),
        `expected the injection to show as its own command, got ${names.join(', ')}`,
      );
      assert.equal(survives(injected), false);
    });

    it('fails for every hostile value that holds a quote character', function () {
      const survivors = HOSTILE.filter((v) => QUOTES.test(v) && survives(v));
      assert.deepEqual(survivors, []);
    });

    it('catches typographic quotes the grammar alone would accept', function () {
      const path = 'C:\\x\u2019; Stop-Computer; \u2018.psm1';
      assert.deepEqual(syntaxErrors(naive(path)), [], 'tree-sitter only knows the ASCII quote');
      assert.equal(survives(path), false, 'PowerShell ends the string at \u2019: the check must too');
    });
  });
});
