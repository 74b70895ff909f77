/** The driver manifest a guest holds, as JSON: one with nothing in it, which tests extend to make it odd. */
export function emptyManifestJson(): Record<string, unknown> {
  return {
    format: 'gpupv-driver-manifest',
    version: 1,
    syncedAt: '2025-01-01T00:00:00.000Z',
    mode: 'Offline',
    gpus: [],
    packages: [],
    looseFiles: [],
    pendingRemoval: [],
  };
}
