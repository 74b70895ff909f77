/** What the tree, the log and the summaries say about an entry the host reported in a form the extension cannot read. */
import { fallbackGpuLabel } from './gpuIdentity';
import type { EntryKind, InvalidEntry } from './normalize/entries';

const KIND_NAMES: Readonly<Record<EntryKind, string>> = {
  vm: 'VM',
  gpu: 'GPU',
  adapter: 'GPU partition adapter',
  driver: 'GPU driver record',
  'guest-device': 'display device',
  'guest-driver': 'display driver record',
  'cluster-node': 'cluster node',
};

export function entryKindName(kind: EntryKind): string {
  return KIND_NAMES[kind];
}

/** The name or id when the entry has one, else its kind and position ("VM 4"). */
export function invalidEntryLabel(entry: InvalidEntry): string {
  if (entry.kind === 'gpu' && entry.id) return fallbackGpuLabel(entry.id);
  if (entry.kind === 'adapter') return entry.name ? `${fallbackGpuLabel(entry.name)} partition` : KIND_NAMES.adapter;
  return entry.name ?? entry.id ?? `${KIND_NAMES[entry.kind]} ${entry.index + 1}`;
}

/** Short, for a tree row's description: which properties were odd. */
export function invalidEntryReason(entry: InvalidEntry): string {
  const fields = entry.problems.map((p) => p.path || 'the entry itself');
  const more = entry.moreProblems > 0 ? ` and ${entry.moreProblems} more` : '';
  return `could not be read: ${fields.join(', ')}${more}`;
}

/** One line per odd property: what was expected and the raw value the host sent. */
export function invalidEntryDetails(entry: InvalidEntry): string[] {
  const lines = entry.problems.map(
    (p) => `${p.path || 'The entry'}: ${p.message}; the host sent ${p.raw ?? 'nothing (the property is absent)'}`,
  );
  if (entry.moreProblems > 0) lines.push(`${entry.moreProblems} more propert${entry.moreProblems === 1 ? 'y was' : 'ies were'} odd too.`);
  return lines;
}

/** The log's line for it, written once per read of the host. */
export function invalidEntryLogLine(entry: InvalidEntry): string {
  const label = invalidEntryLabel(entry);
  const id = entry.id && entry.id !== label ? ` (${entry.id})` : '';
  return `${KIND_NAMES[entry.kind]} ${label}${id}, entry ${entry.index + 1} of its list, could not be read and is shown without actions: ${invalidEntryDetails(entry).join(' | ')}`;
}

/** "1 entry could not be read", for counts that leave such entries out. */
export function unreadableCountText(count: number): string {
  return count === 1 ? '1 entry could not be read' : `${count} entries could not be read`;
}

/** Every entry of an inventory that could not be read: VMs, GPUs, driver records and the VMs' adapters. */
export function unreadableEntries(inventory: {
  readonly invalid: readonly InvalidEntry[];
  readonly vms: readonly { readonly invalidAdapters: readonly InvalidEntry[] }[];
}): InvalidEntry[] {
  return [...inventory.invalid, ...inventory.vms.flatMap((vm) => vm.invalidAdapters)];
}
