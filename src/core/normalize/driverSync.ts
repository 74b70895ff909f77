/**
 * What the driver-sync operations answer (Get-DriverFileList, Open-GuestDriverStore,
 * Copy-DriverFilesToGuest, Invoke-GuestFileOperations, Close-GuestDriverStore), and the record of
 * the last sync that the host keeps per VM and the inventory reports (`DriverSync`).
 *
 * Times are .NET ticks of LastWriteTimeUtc (Int64, above 2^53): they travel as digit strings.
 */
import { z } from 'zod/v4';
import { guestPath } from '../drivers/sync/guestPaths';
import { pathKey, STORE } from '../drivers/sync/guestLayout';
import { bool, listOf, optionalText, uint64, uint64OrNull } from './fields';
import { GUEST_LIMITS } from './guestLimits';

export const rawHostDriverFile = z.object({
  /** Inside the folder, `\`-separated. */
  RelativePath: z.string().min(1),
  Length: uint64,
  LastWriteTimeUtc: uint64,
});

export const rawHostDriverFolder = z.object({
  Path: z.string().min(1),
  Files: listOf(rawHostDriverFile),
});

export const rawHostLooseFile = z.object({
  Path: z.string().min(1),
  /** Null when the file is not on the host. */
  Length: uint64OrNull,
  LastWriteTimeUtc: uint64OrNull,
});

export const rawDriverFileList = z.object({
  Folders: listOf(rawHostDriverFolder),
  Files: listOf(rawHostLooseFile),
});
export type RawDriverFileList = z.output<typeof rawDriverFileList>;

/** A path under HostDriverStore: the guest's listing names nothing else. */
const storeEntryPath = guestPath.refine((p) => pathKey(p).startsWith(`${pathKey(STORE)}\\`), 'expected a path under HostDriverStore');

export const rawGuestEntry = z.object({
  /** Relative to the guest's Windows folder, `\`-separated. */
  Path: storeEntryPath,
  Directory: bool,
  /** Null for a folder. */
  Length: uint64OrNull,
});
export type RawGuestEntry = z.output<typeof rawGuestEntry>;

export const rawGuestVolume = z.object({
  /** The VM's virtual disk that holds Windows. */
  DiskPath: z.string().min(1),
  PartitionNumber: z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().nonnegative()),
  /** How many of the VM's disks were looked at before the Windows volume was found. */
  DisksSearched: z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().nonnegative()),
});

export const rawGuestDriverStore = z.object({
  Mode: z.enum(['Offline', 'Online']),
  /** Null online (the guest's own session); the mounted volume's disk offline. */
  Volume: rawGuestVolume.nullish(),
  /** The text of HostDriverStore\gpupv-manifest.json, null when there is none (or it is in Oversized). */
  Manifest: optionalText(GUEST_LIMITS.manifestBytes),
  /** The text of HostDriverStore\.gpupv-sync\journal.json: a commit that did not finish. */
  Journal: optionalText(GUEST_LIMITS.journalBytes),
  /** The manifest or journal when it was larger than the sync reads (GUEST_LIMITS): its text is not sent. */
  Oversized: listOf(guestPath, 2),
  /** Every file and folder under System32\HostDriverStore, at any depth. */
  Entries: listOf(rawGuestEntry, GUEST_LIMITS.storeEntries),
  /** The loose files asked for: their length, null when the guest has none. */
  LooseFiles: listOf(z.object({ Path: guestPath, Length: uint64OrNull }), GUEST_LIMITS.looseFiles),
});
export type RawGuestDriverStore = z.output<typeof rawGuestDriverStore>;

export const rawCopiedFile = z.object({
  Destination: z.string().min(1),
  Length: uint64,
  /** SHA-256 of the host file, upper-case hex as Get-FileHash prints it. */
  Sha256: z.string().regex(/^[0-9A-Fa-f]{64}$/),
  LastWriteTimeUtc: uint64,
});
export type RawCopiedFile = z.output<typeof rawCopiedFile>;

export const rawCopyResult = z.object({
  Files: listOf(rawCopiedFile),
  Bytes: uint64,
});

export const rawFileOperationsResult = z.object({
  Done: z.preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.number().int().nonnegative()),
});

export const rawCloseResult = z.object({ Dismounted: bool });

/** What the host remembers of the last sync into a VM (the guest's manifest in brief). */
export const driverSyncRecord = z
  .object({
    SyncedAt: z.string().min(1),
    Mode: z.enum(['Offline', 'Online']),
    Gpus: z
      .array(
        z
          .object({
            InstancePath: z.string().min(1).nullable(),
            DriverVersion: z.string().min(1).nullable(),
            Packages: z.array(z.string().min(1)).max(64),
          })
          .strict(),
      )
      .max(16),
  })
  .strict();
export type DriverSyncRecord = z.output<typeof driverSyncRecord>;

/** The record's text as the host keeps it; anything unreadable counts as no record (the VM then shows "not synced"). */
export function parseDriverSyncRecord(text: string | null): DriverSyncRecord | null {
  if (text === null || text.trim() === '') return null;
  try {
    const parsed = driverSyncRecord.safeParse(JSON.parse(text.replace(/^\uFEFF/, '')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
