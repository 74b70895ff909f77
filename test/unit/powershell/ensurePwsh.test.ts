// scripts/powershell/ensure-pwsh.mjs: what npm test does to have PowerShell 7 and Pester. The install
// itself is what every test run goes through; here, what a machine without the tools is told, and
// that a second run installs nothing.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoFile } from '../../support/powershellSyntax';

const ENSURE = repoFile('scripts', 'powershell', 'ensure-pwsh.mjs');

describe('PowerShell for the tests (ensure-pwsh)', function () {
  this.timeout(120_000);

  it('without pwsh and dotnet, fails with one message that says what to install, and installs nothing', function () {
    const dir = mkdtempSync(join(tmpdir(), 'gpupv-ensure-'));
    try {
      // A PATH with only sh: no pwsh, no dotnet.
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      symlinkSync('/bin/sh', join(bin, 'sh'));
      const target = join(dir, 'powershell');
      const r = spawnSync(process.execPath, [ENSURE], { encoding: 'utf8', env: { PATH: bin, GPUPV_POWERSHELL_DIR: target } });
      assert.equal(r.status, 1);
      const failures = r.stderr.split('\n').filter((line) => line.includes('FAILED'));
      assert.equal(failures.length, 1, r.stderr);
      assert.match(failures[0]!, /neither pwsh nor dotnet is on PATH\. Install PowerShell 7 \(pwsh\), or the \.NET SDK \(dotnet\)/);
      assert.match(failures[0]!, /PowerShell 7\.6\.10 and Pester 5\.7\.1/);
      assert.deepEqual(readdirSync(target), [], 'nothing but the lock, which is gone');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a second run finds what the first installed and reports its paths', function () {
    const first = spawnSync(process.execPath, [ENSURE, '--json'], { encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);
    const started = Date.now();
    const second = spawnSync(process.execPath, [ENSURE, '--json'], { encoding: 'utf8' });
    const elapsed = Date.now() - started;
    assert.equal(second.status, 0, second.stderr);
    assert.deepEqual(JSON.parse(second.stdout), JSON.parse(first.stdout));
    const found = JSON.parse(second.stdout) as { pwshSource: string; pwshVersion: string; pesterVersion: string };
    assert.equal(found.pesterVersion, '5.7.1');
    if (found.pwshSource === 'installed') {
      assert.equal(found.pwshVersion, '7.6.10');
      assert.doesNotMatch(second.stderr, /dotnet|install into|restore/, 'nothing is installed again');
      // Node's start and the markers, no pwsh start: well under the 1 s a pwsh start takes on a quiet machine.
      assert.ok(elapsed < 5_000, `${elapsed} ms`);
    }
  });
});
