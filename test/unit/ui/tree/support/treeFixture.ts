/**
 * The Hosts tree in plain Node: the real provider and nodes (over a `vscode` stub), fed by the
 * demo scenarios' inventories as the simulator answers them, plus hosts in every other state the
 * tree shows (failed, still loading, empty, a failover cluster and its nodes, invalid entries).
 */
import { createRequire } from 'node:module';
import { ConcurrencyLimit } from '../../../../../src/core/concurrencyLimit';
import { driverSyncState } from '../../../../../src/core/drivers/sync/drift';
import type { HostInventory } from '../../../../../src/core/model';
import { Fleet } from '../../../../../src/host/fleet';
import { hostId, parseHostsSetting, type HostConfig } from '../../../../../src/host/hostConfig';
import { HostPool } from '../../../../../src/host/hostPool';
import { InventoryStore } from '../../../../../src/host/inventoryStore';
import type * as ProviderModule from '../../../../../src/ui/tree/hostTreeProvider';
import type { TreeNode } from '../../../../../src/ui/tree/treeNode';
import { installVscodeStub, type MarkdownString, type TreeItem } from '../../../../support/vscodeStub';
import { renderedText } from '../../../../support/markdown';
import { scenario } from '../../../panel/helpers';

export const DEMO_SCENARIOS = ['win11-workstation', 'win10-laptop', 'server2025-sriov'] as const;

/** Entries as a user might write them: the three demo hosts, hosts in other states, a cluster, two broken entries. */
const SETTING = [
  ...DEMO_SCENARIOS.map((s) => ({ kind: 'simulated', name: `Demo ${s}`, scenario: s })),
  { kind: 'simulated', name: 'Empty host', scenario: 'win10-laptop' },
  { kind: 'simulated', name: 'Failed host', scenario: 'win11-workstation' },
  { kind: 'simulated', name: 'Loading host', scenario: 'win11-workstation' },
  {
    kind: 'cluster',
    name: 'Cluster',
    clusterName: 'hv-cluster.contoso.test',
    transport: 'winrm',
    simulated: { scenario: 'server2025-sriov', nodes: [{ name: 'hv-node1', scenario: 'server2025-sriov' }] },
  },
  { kind: 'cluster', name: 'Unreachable cluster', clusterName: 'hv-gone.contoso.test', transport: 'winrm' },
  { kind: 'simulated', name: 'No scenario' },
  { kind: 'remote', name: 'Bad address', transport: 'winrm', address: 'not a host name' },
];

function inventoryFor(config: HostConfig): HostInventory | undefined {
  if (config.name === 'Empty host') return scenario('win10-laptop', (s) => void ((s.vms = []), (s.gpus = []))).inventory;
  if (config.kind === 'simulated') return scenario(config.scenario as (typeof DEMO_SCENARIOS)[number]).inventory;
  return undefined;
}

export interface TreeFixture {
  readonly provider: ProviderModule.HostTreeProvider;
  /** Every node the tree shows, depth first, roots included. */
  readonly nodes: readonly TreeNode[];
  dispose(): void;
}

export async function demoTree(): Promise<TreeFixture> {
  const restore = installVscodeStub();
  const load = createRequire(__filename);
  const { HostTreeProvider } = load('../../../../../src/ui/tree/hostTreeProvider') as typeof ProviderModule;
  const { hosts, invalid } = parseHostsSetting(SETTING);
  const environment = { extensionPath: '/nowhere', storagePath: '/nowhere', powershellExecutable: 'pwsh', nodeExecutable: 'node' };
  const pool = new HostPool(environment, { callTimeoutMs: 1000, startTimeoutMs: 1000 });
  const store = new InventoryStore();
  const fleet = new Fleet((configs) => pool.setHosts(configs));
  const provider = new HostTreeProvider(pool, store, new ConcurrencyLimit(4), fleet, driverSyncState);
  fleet.setConfigs(hosts);
  provider.setHosts(hosts, invalid);

  await fleet.expand(hostId(hosts.find((h) => h.name === 'Cluster')!), async () => ({
    ok: true,
    value: [{ name: 'hv-node1', state: 'Up' }],
  }));
  await fleet.expand(hostId(hosts.find((h) => h.name === 'Unreachable cluster')!), async () => ({
    ok: false,
    error: { id: 'remote-unreachable', message: 'hv-gone.contoso.test cannot be reached: WinRM cannot complete the operation.' },
  }));
  for (const host of provider.hosts()) {
    const inventory = inventoryFor(host.config);
    if (host.config.name === 'Loading host') void store.load(host.hostId, () => new Promise(() => undefined));
    else if (host.config.name === 'Failed host')
      await store.load(host.hostId, async () => ({
        ok: false,
        error: { id: 'shell-crashed', message: 'The PowerShell process ended unexpectedly.', detail: 'exit code 1' },
      }));
    else await store.load(host.hostId, async () => (inventory ? { ok: true, value: inventory } : { ok: false, error: NO_INVENTORY }));
  }
  const nodes: TreeNode[] = [];
  const walk = (parent?: TreeNode) => {
    for (const child of provider.getChildren(parent)) {
      nodes.push(child);
      walk(child);
    }
  };
  walk();
  return {
    provider,
    nodes,
    dispose: () => {
      provider.dispose();
      restore();
    },
  };
}

const NO_INVENTORY = { id: 'protocol-invalid', message: 'no inventory for this test host' } as const;

/** What a row's tooltip says, as VS Code shows it. */
export function tooltipOf(fixture: TreeFixture, node: TreeNode): { item: TreeItem; markdown: string; text: string } {
  const item = fixture.provider.getTreeItem(node) as unknown as TreeItem;
  const resolved = fixture.provider.resolveTreeItem(item as never, node) as unknown as TreeItem;
  const tooltip = resolved.tooltip;
  if (tooltip === undefined) return { item, markdown: '', text: '' };
  if (typeof tooltip === 'string') return { item, markdown: tooltip, text: tooltip };
  return { item, markdown: (tooltip as MarkdownString).value, text: renderedText((tooltip as MarkdownString).value) };
}
