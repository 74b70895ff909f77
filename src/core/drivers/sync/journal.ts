/**
 * The commit of a sync and its undo. Staging is slow and leaves the live store alone; the commit is
 * a short list of renames on one volume, written first as a journal. The journal's removal is the
 * commit point: a guest that still has a journal was interrupted mid-commit, and the next run (or
 * this one, on a failed rename) rolls it back to exactly the state before, manifest included,
 * deciding each step from what is on the disk. So the guest holds either the old package set or the
 * new one, never a mix.
 */
import { z } from 'zod/v4';
import { GUEST_LIMITS, holdsMoreValuesThan } from '../../normalize/guestLimits';
import { folderName, guestPath, syncScope } from './guestPaths';
import { JOURNAL, MANIFEST, backupLoosePath, oldPackagePath, packagePath, stagedLoosePath, stagedPackagePath } from './guestLayout';
import { hasEntry, type GuestSnapshot } from './guestSnapshot';
import { move, remove, write, type GuestFileStep } from './guestSteps';

const journalSchema = z
  .object({
    format: z.literal('gpupv-sync-journal'),
    version: z.literal(1),
    startedAt: z.string().max(64),
    /** The run's own work folder (guestLayout.runFolder): staging, packages aside, backups. */
    run: z.string().regex(/^run-[0-9]{1,40}$/),
    previousManifest: z.string().max(GUEST_LIMITS.manifestBytes).nullable(),
    packages: z.array(z.object({ name: z.string(), kind: z.enum(['new', 'replace', 'remove']) }).strict()).max(GUEST_LIMITS.packages),
    loose: z.array(z.object({ path: z.string(), existed: z.boolean() }).strict()).max(GUEST_LIMITS.looseFiles),
  })
  .strict();
export type SyncJournal = z.output<typeof journalSchema>;

/** A journal to undo, or why it is refused (a journal the guest wrote is obeyed only inside the sync's own folders). */
export type JournalReading =
  { readonly kind: 'valid'; readonly journal: SyncJournal } | { readonly kind: 'refused'; readonly reason: string };

export function oversizedJournal(): JournalReading {
  return {
    kind: 'refused',
    reason: `it is larger than ${GUEST_LIMITS.journalBytes / (1024 * 1024)} MB, more than this extension ever writes`,
  };
}

function parseJournal(text: string): SyncJournal | string {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return `it is not JSON (${(error as Error).message})`;
  }
  if (holdsMoreValuesThan(json, GUEST_LIMITS.jsonValues)) return `it holds more than ${GUEST_LIMITS.jsonValues} entries`;
  const parsed = journalSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return `it is not a journal this extension writes (${issue.path.join('.') || 'the text'}: ${issue.message})`;
}

/**
 * `managedLooseFiles`: the loose files of the host's driver now (guest paths), the only files outside
 * HostDriverStore the sync may move. A journal naming another path, a host path, or a package
 * "name" that is not one folder name is refused, not obeyed: undoing it would move or delete files
 * the sync never put there (System32\config, or the host's own through a path that leaves the guest).
 */
export function readJournal(text: string, managedLooseFiles: readonly string[]): JournalReading {
  if (text.length > GUEST_LIMITS.journalBytes) return oversizedJournal();
  const journal = parseJournal(text);
  if (typeof journal === 'string') return { kind: 'refused', reason: journal };
  const inScope = syncScope(managedLooseFiles);
  for (const p of journal.packages)
    if (!folderName.safeParse(p.name).success)
      return { kind: 'refused', reason: `it names '${p.name}' as a package folder, which is not one folder name under FileRepository` };
  for (const l of journal.loose) {
    if (!guestPath.safeParse(l.path).success)
      return { kind: 'refused', reason: `it names '${l.path}', which is not a path inside the guest's Windows folder` };
    if (!inScope(l.path))
      return { kind: 'refused', reason: `it names '${l.path}', which is not one of the driver's files the sync manages` };
  }
  return { kind: 'valid', journal };
}

/** Journal first; packages aside, staged ones in, loose files swapped (old ones kept as backup); manifest; journal gone. */
export function commitSteps(journal: SyncJournal, manifestText: string): GuestFileStep[] {
  const run = journal.run;
  const steps: GuestFileStep[] = [write(JOURNAL, `${JSON.stringify(journal)}\n`)];
  for (const p of journal.packages) if (p.kind !== 'new') steps.push(move(packagePath(p.name), oldPackagePath(run, p.name)));
  for (const p of journal.packages) if (p.kind !== 'remove') steps.push(move(stagedPackagePath(run, p.name), packagePath(p.name)));
  for (const l of journal.loose) {
    if (l.existed) steps.push(move(l.path, backupLoosePath(run, l.path)));
    steps.push(move(stagedLoosePath(run, l.path), l.path));
  }
  steps.push(write(MANIFEST, manifestText), remove(JOURNAL));
  return steps;
}

/**
 * Puts back what a commit had changed when it stopped part way, ending with the journal's removal.
 * `guest` is read after the interruption. The run's folder (what is left of staging) is the caller's
 * to remove, best effort. An unreadable journal cannot be undone safely: the caller refuses and says so.
 */
export function rollbackSteps(journal: SyncJournal, guest: GuestSnapshot): GuestFileStep[] {
  const run = journal.run;
  const steps: GuestFileStep[] = [];
  for (const l of [...journal.loose].reverse()) {
    const movedIn = !hasEntry(guest, stagedLoosePath(run, l.path));
    if (l.existed && hasEntry(guest, backupLoosePath(run, l.path))) steps.push(remove(l.path), move(backupLoosePath(run, l.path), l.path));
    else if (!l.existed && movedIn) steps.push(remove(l.path));
  }
  for (const p of journal.packages) {
    const movedAside = hasEntry(guest, oldPackagePath(run, p.name));
    const movedIn = p.kind !== 'remove' && !hasEntry(guest, stagedPackagePath(run, p.name));
    if (p.kind === 'new' && movedIn) steps.push(remove(packagePath(p.name)));
    if (p.kind === 'replace' && movedAside) steps.push(remove(packagePath(p.name)), move(oldPackagePath(run, p.name), packagePath(p.name)));
    if (p.kind === 'remove' && movedAside) steps.push(move(oldPackagePath(run, p.name), packagePath(p.name)));
  }
  steps.push(journal.previousManifest === null ? remove(MANIFEST) : write(MANIFEST, journal.previousManifest));
  steps.push(remove(JOURNAL));
  return steps;
}
