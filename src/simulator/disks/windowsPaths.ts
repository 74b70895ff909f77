/**
 * Windows paths on the simulated disks. Windows compares paths without case and WMI prints them in
 * lower case (`c:\windows\system32\driverstore\...`), while the directories here are case-sensitive:
 * each segment is matched to the name on disk ignoring case, and segments that do not exist yet keep
 * the spelling asked for. Listings are cached per resolver (one call) and forgotten where it writes.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

export class WindowsPathResolver {
  private readonly listings = new Map<string, Map<string, string> | null>();

  constructor(private readonly root: string) {}

  /** `relative` uses `\`; the answer is a path under the root. */
  resolve(relative: string): string {
    let current = this.root;
    for (const segment of relative.split('\\').filter((s) => s.length > 0)) {
      const actual = this.listing(current)?.get(segment.toLowerCase());
      current = join(current, actual ?? segment);
    }
    return current;
  }

  /** After creating, renaming or removing `path`, its parent's listing is read again. */
  changed(path: string): void {
    this.listings.delete(dirname(path));
    for (const key of this.listings.keys()) if (key === path || key.startsWith(`${path}${sep}`)) this.listings.delete(key);
  }

  private listing(dir: string): Map<string, string> | null {
    if (!this.listings.has(dir)) {
      let names: Map<string, string> | null = null;
      try {
        names = new Map(readdirSync(dir).map((name) => [name.toLowerCase(), name]));
      } catch {
        names = null;
      }
      this.listings.set(dir, names);
    }
    return this.listings.get(dir) ?? null;
  }
}

/** `C:\Windows\...` on the simulated host's C: (other drives do not exist there). */
export function hostDriveRelative(windowsPath: string): string | null {
  const match = /^[Cc]:\\(.*)$/.exec(windowsPath);
  return match ? match[1]! : null;
}

/** .NET ticks (100 ns since 0001-01-01) of a file time given in nanoseconds since 1970. */
export function ticksOf(nanosecondsSinceEpoch: bigint): bigint {
  return nanosecondsSinceEpoch / 100n + 621_355_968_000_000_000n;
}
