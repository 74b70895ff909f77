/** Writes a file so readers see either the old or the new content, never half of one. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';

let counter = 0;

export function writeFileAtomic(file: string, content: string): void {
  // Unique per process and write: two simulator processes sharing a directory must not collide.
  const temp = `${file}.${process.pid}.${++counter}.tmp`;
  try {
    writeFileSync(temp, content, 'utf8');
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
