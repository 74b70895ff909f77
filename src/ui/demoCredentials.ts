/**
 * The demo hosts that sign in (a simulated remote host, a simulated cluster) get the demo account in
 * secret storage, whether they were added by "Open Demo Hosts" or written into the settings by
 * `npm run demo`. Only a configuration identical to the shipped demo entry qualifies, so a real host
 * that happens to carry a demo name never receives it.
 */
import { DEMO_CREDENTIALS, DEMO_HOSTS } from '../host/demoHosts';
import { hostConfigSchema, hostId, type HostConfig } from '../host/hostConfig';
import type { HostCredentialStore } from './hostCredentials';

/** JSON with sorted keys, after the schema's defaults: the same entry however it was written. */
function canonical(config: unknown): string {
  const parsed = hostConfigSchema.safeParse(config);
  const sortKeys = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sortKeys)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, sortKeys(v)]),
          )
        : value;
  return JSON.stringify(sortKeys(parsed.success ? parsed.data : config));
}

function isShippedDemo(config: HostConfig): boolean {
  const shipped = DEMO_HOSTS.find((demo) => demo.name === config.name);
  return shipped !== undefined && canonical(shipped) === canonical(config);
}

export async function seedDemoCredentials(configs: readonly HostConfig[], store: HostCredentialStore): Promise<void> {
  for (const config of configs) {
    const credential = DEMO_CREDENTIALS.get(config.name);
    if (!credential || !isShippedDemo(config)) continue;
    if (!(await store.get(hostId(config)))) await store.set(hostId(config), credential);
  }
}
