/**
 * The commit of a sync and its undo. Staging is slow and leaves the live store alone; the commit is
 * a short list of renames on one volume, written first as a journal. The journal's removal is the
 * commit point: a guest that still has a journal was interrupted mid-commit, and the next run (or
 * this one, on a failed rename) rolls it back to exactly the state before, manifest included,
 * deciding each step from what is on the disk. So the guest holds either the old package set or the
 * new one, never a mix.
 */
import { z } from 'zod/v4';
import { JOURNAL, MANIFEST, backupLoosePath, oldPackagePath, packagePath, stagedLoosePath, stagedPackagePath } from './guestLayout';
import { hasEntry, type GuestSnapshot } from './guestSnapshot';
import { move, remove, write, type GuestFileStep } from './guestSteps';

const journalSchema = z
  .object({
    format: z.literal('gpupv-sync-journal'),
    version: z.literal(1),
    startedAt: z.string(),
    /** The run's own work folder (guestLayout.runFolder): staging, packages aside, backups. */
    run: z.string().regex(/^run-[0-9]+$/),
    previousManifest: z.string().nullable(),
    packages: z.array(z.object({ name: z.string().min(1), kind: z.enum(['new', 'replace', 'remove']) }).strict()),
    loose: z.array(z.object({ path: z.string().min(1), existed: z.boolean() }).strict()),
  })
  .strict();
export type SyncJournal = z.output<typeof journalSchema>;

export function readJournal(text: string): SyncJournal | null {
  try {
    const parsed = journalSchema.safeParse(JSON.parse(text.replace(/^\uFEFF/, '')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
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
