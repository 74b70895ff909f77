/**
 * The manifest a sync writes last into the guest's HostDriverStore (gpupv-manifest.json): which
 * GPUs' drivers, which package folders, and every file with its length, SHA-256 and the host
 * file's LastWriteTimeUtc. A re-run compares the host's files with it (length and time, as rsync's
 * quick check does) and copies only what differs; a test checks the guest's bytes against it.
 */
import { z } from 'zod/v4';
import { GUEST_LIMITS, holdsMoreValuesThan } from '../../normalize/guestLimits';
import { folderName, guestPath } from './guestPaths';

const digits = z
  .string()
  .regex(/^\d{1,20}$/)
  .transform((v) => BigInt(v));
const sha256 = z.string().regex(/^[0-9A-F]{64}$/);

const manifestFile = z
  .object({
    /** Inside the package folder (or, for a loose file, relative to the Windows folder), `\`-separated. */
    path: guestPath,
    length: digits,
    sha256,
    /** The host file's LastWriteTimeUtc in .NET ticks. */
    hostWriteTime: digits,
  })
  .strict();

const manifestSchema = z
  .object({
    format: z.literal('gpupv-driver-manifest'),
    version: z.literal(1),
    syncedAt: z.string().min(1).max(64),
    mode: z.enum(['Offline', 'Online']),
    gpus: z
      .array(
        z
          .object({
            instancePath: z.string().max(2048).nullable(),
            deviceName: z.string().max(GUEST_LIMITS.text).nullable(),
            driverVersion: z.string().max(GUEST_LIMITS.text).nullable(),
            packages: z.array(folderName).max(GUEST_LIMITS.packages),
          })
          .strict(),
      )
      .max(GUEST_LIMITS.gpus),
    /** Package folders directly under FileRepository: a name with a separator would reach elsewhere. */
    packages: z
      .array(z.object({ name: folderName, files: z.array(manifestFile).max(GUEST_LIMITS.filesPerPackage) }).strict())
      .max(GUEST_LIMITS.packages),
    looseFiles: z.array(manifestFile.extend({ hadOriginal: z.boolean() }).strict()).max(GUEST_LIMITS.looseFiles),
    /**
     * Online, stale packages are removed after the commit, when the running guest lets go of them:
     * named here so that a later sync still removes one that was kept (whatever its folder name).
     */
    pendingRemoval: z.array(folderName).max(GUEST_LIMITS.packages).default([]),
  })
  .strict();

export type DriverManifest = z.output<typeof manifestSchema>;
export type ManifestFile = DriverManifest['packages'][number]['files'][number];
export type ManifestLooseFile = DriverManifest['looseFiles'][number];

export type ManifestReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'valid'; readonly manifest: DriverManifest }
  | { readonly kind: 'unreadable'; readonly problem: string };

/**
 * A manifest someone edited, a newer format, or one too large to read is treated as absent: the run
 * copies everything again, and says why in the log. What it names is never obeyed outside the sync's
 * own folders: package names are single folder names under FileRepository.
 */
export function readManifest(text: string | null): ManifestReading {
  if (text === null || text.trim() === '') return { kind: 'none' };
  if (text.length > GUEST_LIMITS.manifestBytes) return oversizedManifest();
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { kind: 'unreadable', problem: `not JSON: ${(error as Error).message}` };
  }
  if (holdsMoreValuesThan(json, GUEST_LIMITS.jsonValues))
    return { kind: 'unreadable', problem: `it holds more than ${GUEST_LIMITS.jsonValues} entries` };
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    return {
      kind: 'unreadable',
      problem: parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .slice(0, 3)
        .join('; '),
    };
  return { kind: 'valid', manifest: parsed.data };
}

export function oversizedManifest(): ManifestReading {
  return { kind: 'unreadable', problem: `larger than ${GUEST_LIMITS.manifestBytes / (1024 * 1024)} MB, so it was not read` };
}

export function writeManifest(manifest: DriverManifest): string {
  return `${JSON.stringify(manifest, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`;
}
