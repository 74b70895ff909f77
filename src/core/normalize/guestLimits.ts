/**
 * Bounds on everything read from a guest. Whoever administers a guest can write its manifest, its
 * sync journal and its HostDriverStore, and name its devices and drivers as they like: what comes
 * from there is hostile input. The module (and the simulated host) bound it before it is sent, and
 * the schemas here refuse what still exceeds the bounds. The module's copies of these numbers are
 * checked against these by a test.
 */
const MIB = 1024 * 1024;

export const GUEST_LIMITS = {
  /** gpupv-manifest.json: the one this extension writes is about 200 KB for 850 files. Larger is not read. */
  manifestBytes: 4 * MIB,
  /** .gpupv-sync\journal.json holds the previous manifest and the list of packages and loose files. */
  journalBytes: 5 * MIB,
  /** Files and folders under HostDriverStore (a few drivers of a few thousand files each). */
  storeEntries: 50_000,
  /** In a manifest or a journal. */
  packages: 256,
  filesPerPackage: 20_000,
  looseFiles: 256,
  gpus: 16,
  /** A string from the guest's Device Manager (device name, driver provider, version, INF). */
  text: 256,
  /** Display devices and their driver records. */
  devices: 64,
  /** Package folder names listed for the panel. */
  storeNames: 256,
  /** Items of a list in a device record (its hardware IDs: a real device has four to six). */
  listItems: 16,
  /** A failure text a running guest answered (what its .NET said about a file step). */
  failureText: 1000,
  /** Values (objects, arrays, strings, numbers) in a manifest or journal: counted before a schema reads them. */
  jsonValues: 200_000,
} as const;

function childrenOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return [];
}

/**
 * Whether parsed JSON holds more than `limit` values in all. Counted before a schema looks at it: a
 * manifest of a million entries takes a schema seconds, this a few milliseconds.
 */
export function holdsMoreValuesThan(json: unknown, limit: number): boolean {
  let count = 0;
  const pending: unknown[] = [json];
  while (pending.length > 0) {
    const value = pending.pop();
    if (++count > limit) return true;
    // One by one: spreading a million items into push() overflows the stack.
    for (const child of childrenOf(value)) pending.push(child);
  }
  return false;
}

/** `text` cut to `max` characters, the last three of them `...` when it was longer (ASCII: the module does the same). */
export function boundText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
