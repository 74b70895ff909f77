// The build of the PowerShell module (scripts/powershell/build-module.mjs): src/powershell/GpuPv, one
// function per file, becomes the one dist/powershell/GpuPv.psm1 the extension imports and copies to
// remote hosts. The build runs as the script it is, on small source trees made here.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { modulePath } from '../../../src/host/hostConfig';
import { GPUPV_MODULE, repoFile } from '../../support/powershellSyntax';
import { packagedFiles } from '../../support/packagedFiles';

const BUILD = repoFile('scripts', 'powershell', 'build-module.mjs');

function build(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [BUILD, ...args], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('PowerShell module build', function () {
  // Packaging the VSIX alone takes 12 s idle and over 20 s on 2 busy cores.
  this.timeout(90_000);
  let dir: string;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), 'gpupv-module-'));
  });
  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A source tree: relative path -> text. */
  function sources(files: Record<string, string>): string {
    const root = join(dir, 'GpuPv');
    for (const [relative, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, relative)), { recursive: true });
      writeFileSync(join(root, relative), text);
    }
    return root;
  }

  const minimal = {
    'GpuPv.Init.ps1': '#Requires -Version 5.1\n$script:State = @{}\n',
    'Public/Invoke-GpuPv.ps1': 'function Invoke-GpuPv {\n    param([string] $Operation)\n}\n',
  };

  it('dist/powershell/GpuPv.psm1 is the build of src/powershell/GpuPv as committed (npm run build was run)', function () {
    const check = build('--check');
    assert.equal(check.status, 0, check.output);
    assert.match(readFileSync(repoFile(GPUPV_MODULE), 'utf8'), /^# Built by scripts\/powershell\/build-module\.mjs/);
  });

  it('is packaged in the VSIX at the path the session imports it from, and its sources are not', function () {
    const files = packagedFiles();
    assert.ok(files.includes(GPUPV_MODULE), `${GPUPV_MODULE} is not packaged: ${files.join(', ')}`);
    assert.equal(modulePath('/ext'), join('/ext', ...GPUPV_MODULE.split('/')), 'the session imports the packaged file');
    assert.deepEqual(
      // The double's start-up script is a runtime file of the real-module face, not a module source.
      files.filter((f) => f.startsWith('src/') || (f.endsWith('.ps1') && !f.startsWith('dist/double/'))),
      [],
      'sources stay out of the package',
    );
  });

  it('puts the start-up code first, then the guest scripts, Private and Public, sorted by path, and exports Public', function () {
    const root = sources({
      ...minimal,
      'Public/Connect-GpuPvRemote.ps1': 'function Connect-GpuPvRemote {\n}\n',
      'Private/Writes/Set-GpuPvThing.ps1': '# why it exists\nfunction Set-GpuPvThing {\n}\n',
      'Private/Arguments/ConvertFrom-GpuPvThing.ps1': 'function ConvertFrom-GpuPvThing {\n}\n',
      'Guest/GpuPvGuestFiles.ps1': '# the guest side\nparam($Root)\n\nif ($Root) {\n    $Root\n}\n',
    });
    const output = join(dir, 'out', 'GpuPv.psm1');
    const r = build('--source', root, '--output', output);
    assert.equal(r.status, 0, r.output);
    const text = readFileSync(output, 'utf8');
    const order = [...text.matchAll(/^#region (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(order, [
      'GpuPv.Init.ps1',
      'Guest/GpuPvGuestFiles.ps1',
      'Private/Arguments/ConvertFrom-GpuPvThing.ps1',
      'Private/Writes/Set-GpuPvThing.ps1',
      'Public/Connect-GpuPvRemote.ps1',
      'Public/Invoke-GpuPv.ps1',
    ]);
    assert.ok(
      text.includes('$script:GpuPvGuestFiles = {\n    # the guest side\n    param($Root)\n\n    if ($Root) {\n        $Root\n    }\n}\n'),
      'the guest script becomes the script block of the variable it is named after, indented, blank lines kept',
    );
    assert.ok(text.includes('# why it exists\nfunction Set-GpuPvThing {\n}'), 'comments are kept');
    assert.ok(text.endsWith("\nExport-ModuleMember -Function 'Connect-GpuPvRemote', 'Invoke-GpuPv'\n"));
    assert.equal(build('--source', root, '--output', output, '--check').status, 0, 'the same sources build the same bytes');
  });

  it('refuses a non-ASCII character with its file and line (Windows PowerShell 5.1 reads the file in the ANSI code page)', function () {
    const root = sources({ ...minimal, 'Private/Get-GpuPvName.ps1': 'function Get-GpuPvName {\n    # “quoted”\n}\n' });
    const r = build('--source', root, '--output', join(dir, 'GpuPv.psm1'));
    assert.equal(r.status, 1);
    assert.match(r.output, /Private\/Get-GpuPvName\.ps1:2: not ASCII \(U\+201c\)/);
  });

  it('refuses a function file that is not one function named after the file', function () {
    const cases: Record<string, RegExp> = {
      'function Get-GpuPvOther {\n}\n': /must define exactly one function, Get-GpuPvName.*found: Get-GpuPvOther/,
      'function Get-GpuPvName {\n}\nfunction Get-GpuPvMore {\n}\n': /found: Get-GpuPvName, Get-GpuPvMore/,
      '$script:Loose = 1\nfunction Get-GpuPvName {\n}\n': /only comments may stand outside function Get-GpuPvName/,
    };
    for (const [text, expected] of Object.entries(cases)) {
      const root = sources({ ...minimal, 'Private/Get-GpuPvName.ps1': text });
      const r = build('--source', root, '--output', join(dir, 'GpuPv.psm1'));
      assert.equal(r.status, 1, text);
      assert.match(r.output, expected);
    }
  });

  it('refuses a function defined twice, in Private and Public', function () {
    const root = sources({ ...minimal, 'Private/Invoke-GpuPv.ps1': 'function Invoke-GpuPv {\n}\n' });
    const r = build('--source', root, '--output', join(dir, 'GpuPv.psm1'));
    assert.equal(r.status, 1);
    assert.match(r.output, /Public\/Invoke-GpuPv\.ps1: Invoke-GpuPv is defined again \(also in Private\/Invoke-GpuPv\.ps1\)/);
  });

  it('refuses a here-string in a guest script, whose text the indentation would change', function () {
    const root = sources({ ...minimal, 'Guest/GpuPvGuest.ps1': "param($Data)\n$text = @'\nline\n'@\n" });
    const r = build('--source', root, '--output', join(dir, 'GpuPv.psm1'));
    assert.equal(r.status, 1);
    assert.match(r.output, /Guest\/GpuPvGuest\.ps1: here-strings are not supported/);
  });
});
