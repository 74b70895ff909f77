/** What the VSIX holds, as `vsce ls` lists it from .vscodeignore, without building or packaging. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { repoFile } from './powershellSyntax';

let listed: readonly string[] | undefined;

/** Listed once per test process: `vsce ls` takes seconds, and the tests only read its answer. */
export function packagedFiles(): readonly string[] {
  listed ??= listPackagedFiles();
  return listed;
}

function listPackagedFiles(): string[] {
  const r = spawnSync(process.execPath, [repoFile('node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], {
    cwd: repoFile(),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').map((line) => line.trim());
}
