/**
 * Collects what a test recorded (files, folders, log lines, errors) and searches all of it for
 * secrets in every encoding secretEncodings derives. Used by the simulated-host and the
 * real-PowerShell tests alike, so a new transport's test only adds its own recordings.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findSecrets } from './secretEncodings';

export class Recordings {
  readonly items = new Map<string, Buffer>();

  add(where: string, content: Buffer | string): this {
    this.items.set(where, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    return this;
  }

  /** Every file under `root` (or `root` itself), except those `skip` names; answers the paths added. */
  addFiles(root: string, skip: (file: string) => boolean = () => false): string[] {
    if (!fs.existsSync(root)) return [];
    const added: string[] = [];
    const visit = (file: string): void => {
      const stat = fs.statSync(file);
      if (stat.isDirectory()) for (const entry of fs.readdirSync(file)) visit(path.join(file, entry));
      else if (stat.isFile() && !skip(file)) {
        this.add(file, fs.readFileSync(file));
        added.push(file);
      }
    };
    visit(root);
    return added;
  }

  text(where: string): string {
    return this.items.get(where)?.toString('utf8') ?? '';
  }
}

/** Fails with each place and form a secret was found in. */
export function assertNoSecrets(recordings: Recordings, secrets: readonly string[]): void {
  const found = findSecrets(recordings.items, secrets);
  assert.deepEqual(found, [], `a secret was recorded:\n${found.slice(0, 20).join('\n')}`);
}
