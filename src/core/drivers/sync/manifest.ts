/**
 * The manifest a sync writes last into the guest's HostDriverStore (gpupv-manifest.json): which
 * GPUs' drivers, which package folders, and every file with its length, SHA-256 and the host
 * file's LastWriteTimeUtc. A re-run compares the host's files with it (length and time, as rsync's
 * quick check does) and copies only what differs; a test checks the guest's bytes against it.
 */
import { z } from 'zod/v4';

const digits = z
  .string()
  .regex(/^\d+$/)
  .transform((v) => BigInt(v));
const sha256 = z.string().regex(/^[0-9A-F]{64}$/);

const manifestFile = z
  .object({
    /** Inside the package folder (or, for a loose file, relative to the Windows folder), `\`-separated. */
    path: z.string().min(1),
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
    syncedAt: z.string().min(1),
    mode: z.enum(['Offline', 'Online']),
    gpus: z.array(
      z
        .object({
          instancePath: z.string().nullable(),
          deviceName: z.string().nullable(),
          driverVersion: z.string().nullable(),
          packages: z.array(z.string().min(1)),
        })
        .strict(),
    ),
    packages: z.array(z.object({ name: z.string().min(1), files: z.array(manifestFile) }).strict()),
    looseFiles: z.array(manifestFile.extend({ hadOriginal: z.boolean() }).strict()),
    /**
     * Online, stale packages are removed after the commit, when the running guest lets go of them:
     * named here so that a later sync still removes one that was kept (whatever its folder name).
     */
    pendingRemoval: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type DriverManifest = z.output<typeof manifestSchema>;
export type ManifestFile = DriverManifest['packages'][number]['files'][number];
export type ManifestLooseFile = DriverManifest['looseFiles'][number];

export type ManifestReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'valid'; readonly manifest: DriverManifest }
  | { readonly kind: 'unreadable'; readonly problem: string };

/** A manifest someone edited or a newer format is treated as absent: the run copies everything again. */
export function readManifest(text: string | null): ManifestReading {
  if (text === null || text.trim() === '') return { kind: 'none' };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { kind: 'unreadable', problem: `not JSON: ${(error as Error).message}` };
  }
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

export function writeManifest(manifest: DriverManifest): string {
  return `${JSON.stringify(manifest, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`;
}
