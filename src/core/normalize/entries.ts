/**
 * Lists the host returns, read entry by entry. One VM, GPU or adapter that does not match its
 * schema (a null where a number belongs, a property a driver does not report, a value of another
 * type) becomes an invalid entry that keeps what could be read of it (its name or id) and what was
 * odd (the property path and the raw value, both bounded); the other entries are read as usual.
 * Nothing acts on an invalid entry: the model keeps it apart from the entries actions work on.
 */
import { z } from 'zod/v4';
import { stringifyLosslessJson } from '../json/losslessJson';
import { asList } from './fields';

export type EntryKind = 'vm' | 'gpu' | 'adapter' | 'driver' | 'guest-device' | 'guest-driver' | 'cluster-node';

export interface EntryProblem {
  /** The property path inside the entry (`MemoryStartup`, `ValidPartitionCounts.0`); '' for the entry itself. */
  readonly path: string;
  readonly message: string;
  /** The value the host sent there, as JSON text cut to RAW_LIMIT; null when the property was absent. */
  readonly raw: string | null;
}

export interface InvalidEntry {
  readonly kind: EntryKind;
  /** Its position in the host's list (0 for a single answer). */
  readonly index: number;
  /** What could be read of it, cut to NAME_LIMIT; null when the entry does not say. */
  readonly name: string | null;
  readonly id: string | null;
  /** At most PROBLEM_LIMIT problems; `moreProblems` counts the rest. */
  readonly problems: readonly EntryProblem[];
  readonly moreProblems: number;
}

export interface Entries<T> {
  readonly ok: readonly T[];
  readonly invalid: readonly InvalidEntry[];
}

export type Entry<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly invalid: InvalidEntry };

export const RAW_LIMIT = 160;
export const NAME_LIMIT = 300;
const PROBLEM_LIMIT = 3;

/** The properties that name each kind of entry, read when the rest of it does not parse. */
const IDENTITY: Readonly<Record<EntryKind, { readonly name: string | null; readonly id: string | null }>> = {
  vm: { name: 'Name', id: 'VMId' },
  gpu: { name: null, id: 'Name' },
  adapter: { name: 'InstancePath', id: 'Id' },
  driver: { name: 'DeviceName', id: 'DeviceID' },
  'guest-device': { name: 'Name', id: 'PNPDeviceID' },
  'guest-driver': { name: null, id: 'DeviceID' },
  'cluster-node': { name: 'Name', id: 'Id' },
};

/**
 * A pipeline's output (one object, an array, nothing, 5.1's {value, Count} wrapper) parsed entry by
 * entry with `item`: the entries that parse, and an invalid entry for each one that does not; with
 * `max`, a longer list is refused as a whole.
 */
export function entriesOf<T extends z.ZodTypeAny>(item: T, kind: EntryKind, max?: number) {
  // A bound is on the list as a whole: past it the answer is refused, not read entry by entry.
  const list = max === undefined ? z.array(z.unknown()) : z.array(z.unknown()).max(max);
  return z.preprocess(asList, list).transform((values): Entries<z.output<T>> => {
    const ok: z.output<T>[] = [];
    const invalid: InvalidEntry[] = [];
    values.forEach((raw, index) => {
      const entry = parseEntry(item, kind, raw, index);
      if (entry.ok) ok.push(entry.value);
      else invalid.push(entry.invalid);
    });
    return { ok, invalid };
  });
}

/** One object the host answers (a VM after a change, one GPU), parsed like an entry of a list. */
export function entryOf<T extends z.ZodTypeAny>(item: T, kind: EntryKind) {
  return z.unknown().transform((value): Entry<z.output<T>> => parseEntry(item, kind, value, 0));
}

export function parseEntry<T extends z.ZodTypeAny>(item: T, kind: EntryKind, raw: unknown, index: number): Entry<z.output<T>> {
  const parsed = item.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.map((issue) => problemOf(raw, issue.path, issue.message));
  const identity = IDENTITY[kind];
  return {
    ok: false,
    invalid: {
      kind,
      index,
      name: readText(raw, identity.name),
      id: readText(raw, identity.id),
      problems: problems.slice(0, PROBLEM_LIMIT),
      moreProblems: Math.max(0, problems.length - PROBLEM_LIMIT),
    },
  };
}

function problemOf(entry: unknown, path: readonly PropertyKey[], message: string): EntryProblem {
  const at = valueAt(entry, path);
  return { path: path.map(String).join('.'), message, raw: at === undefined ? null : bounded(rawText(at), RAW_LIMIT) };
}

/** Walks the raw entry along a schema path; the list shapes `listOf` accepts are stepped through as it does. */
function valueAt(entry: unknown, path: readonly PropertyKey[]): unknown {
  let current = entry;
  for (const key of path) {
    if (typeof key === 'number' && !Array.isArray(current)) current = asList(current);
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function rawText(value: unknown): string {
  try {
    return stringifyLosslessJson(value);
  } catch {
    return String(value);
  }
}

function readText(entry: unknown, property: string | null): string | null {
  if (property === null || entry === null || typeof entry !== 'object' || Array.isArray(entry)) return null;
  if (!Object.prototype.hasOwnProperty.call(entry, property)) return null;
  const value = (entry as Record<string, unknown>)[property];
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') return null;
  const text = printable(String(value)).trim();
  return text === '' ? null : bounded(text, NAME_LIMIT);
}

/** Control characters from the host would break a log line or a tree label: each becomes a space. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

function bounded(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
