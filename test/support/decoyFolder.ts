/**
 * A decoy standing in for the host's own folders (C:\Windows\System32 with a config hive and a hosts
 * file), and a digest of a folder tree that never follows a link: the hostile-guest tests hash the
 * decoy (and the guest's volume) before and after, so any byte written through a planted link shows.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes the decoy under `root` and answers it. */
export function makeDecoy(root: string): string {
  const files: Record<string, string> = {
    'config/SYSTEM': 'the host registry hive\n',
    'config/SAM': 'the host account database\n',
    'drivers/etc/hosts': '127.0.0.1 localhost\n',
    'nvldumdx.dll': 'the host driver file\n',
    'gpupv-manifest.json': '{"secret": "a host file the guest wants to read"}\n',
  };
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, ...relative.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

/** Every entry under `root` by relative path: a folder, a link (with its target), or a file's SHA-256. Links are not followed. */
export function treeDigest(root: string): Map<string, string> {
  const digest = new Map<string, string>();
  const walk = (dir: string, prefix: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const relative = prefix ? `${prefix}/${name}` : name;
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) digest.set(relative, `link -> ${fs.readlinkSync(full)}`);
      else if (stat.isDirectory()) {
        digest.set(relative, 'folder');
        walk(full, relative);
      } else digest.set(relative, createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
    }
  };
  if (fs.lstatSync(root).isSymbolicLink()) digest.set('.', `link -> ${fs.readlinkSync(root)}`);
  else walk(root, '');
  return digest;
}

/** Replaces whatever is at `at` (a folder or a file) with a symbolic link to `target`. */
export function plantLink(at: string, target: string): void {
  fs.rmSync(at, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(target, at, fs.statSync(target).isDirectory() ? 'dir' : 'file');
}
