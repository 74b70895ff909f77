/**
 * Every row of the Hosts tree, on the three demo scenarios and in every other state the tree shows
 * (a failed host, one still loading, an empty one, a failover cluster and its node, an unreachable
 * cluster, invalid entries): its tooltip carries its description in full, because a narrow side bar
 * cuts the description off and nothing else shows the rest. Host text appears as it is.
 */
import * as assert from 'node:assert/strict';
import type { AdapterNode } from '../../../../src/ui/tree/adapterNode';
import type { TreeNode } from '../../../../src/ui/tree/treeNode';
import { codeSpans } from '../../../support/markdown';
import { demoTree, tooltipOf, type TreeFixture } from './support/treeFixture';

const A16_PATH = '\\\\?\\PCI#VEN_10DE&DEV_25B6&SUBSYS_14A910DE&REV_A1#6&2f6c8a4e&0&00400008#{064092b3-625e-43bf-9eb5-dc845897dd59}';

describe('Hosts tree tooltips', () => {
  let tree: TreeFixture;
  before(async () => {
    tree = await demoTree();
  });
  after(() => tree.dispose());

  const labelOf = (node: TreeNode) => String(tooltipOf(tree, node).item.label);
  const kindOf = (node: TreeNode) => {
    if (node.constructor.name !== 'MessageNode') return node.constructor.name;
    return `MessageNode ${node.id.startsWith('invalid/') ? 'invalid' : node.id.split('/').pop()}`;
  };

  it('walks every kind of row the tree produces', () => {
    const kinds = new Set(tree.nodes.map(kindOf));
    for (const kind of [
      'FleetNode',
      'HostNode',
      'ClusterNode',
      'GroupNode',
      'GpuNode',
      'VmNode',
      'AdapterNode',
      'DriverNode',
      'MessageNode error',
      'MessageNode loading',
      'MessageNode empty',
      'MessageNode win10',
      'MessageNode invalid',
    ])
      assert.ok(kinds.has(kind), `no ${kind} among ${[...kinds].join(', ')}`);
    assert.ok(tree.nodes.length > 60, `${tree.nodes.length} rows`);
  });

  it('every row’s tooltip shows its label and its whole description, as text', () => {
    const missing: string[] = [];
    for (const node of tree.nodes) {
      const { item, text } = tooltipOf(tree, node);
      const description = typeof item.description === 'string' ? item.description : '';
      if (!text.includes(String(item.label)) || !text.includes(description))
        missing.push(`${kindOf(node)} “${String(item.label)}” — “${description}”: tooltip “${text}”`);
    }
    assert.deepEqual(missing, []);
  });

  it('the provider leaves the tooltip to resolveTreeItem, so VS Code asks for it', () => {
    for (const node of tree.nodes) assert.equal(tree.provider.getTreeItem(node).tooltip, undefined, labelOf(node));
  });

  it('a GPU’s instance path is one code span, shown exactly as Hyper-V spells it', () => {
    const gpu = tree.nodes.find((n) => n.constructor.name === 'GpuNode' && n.id.endsWith(A16_PATH))!;
    const { markdown } = tooltipOf(tree, gpu);
    assert.ok(markdown.endsWith(`\n\n\`${A16_PATH}\``), markdown);
    assert.deepEqual(codeSpans(markdown), [A16_PATH]);
  });

  it('an adapter’s id and GPU path are code spans shown exactly', () => {
    const adapter = tree.nodes.find(
      (n): n is AdapterNode => n.constructor.name === 'AdapterNode' && (n as AdapterNode).adapter.instancePath === A16_PATH,
    )!;
    const { markdown } = tooltipOf(tree, adapter);
    assert.deepEqual(codeSpans(markdown), [adapter.adapter.id, A16_PATH]);
  });

  it('a host’s tooltip names its Windows once (caption, not caption and edition id)', () => {
    const host = tree.nodes.find((n) => n.constructor.name === 'HostNode' && labelOf(n) === 'Demo win11-workstation')!;
    const { text } = tooltipOf(tree, host);
    assert.match(text, /^Microsoft Windows 11 Pro, build 26100$/m);
    assert.doesNotMatch(text, /Pro Professional/);
  });

  const gpuText = (name: string, host: string) =>
    tooltipOf(
      tree,
      tree.nodes.find((n) => n.constructor.name === 'GpuNode' && labelOf(n) === name && n.id.includes(host))!,
    ).text;

  it('a GPU-PV GPU’s tooltip says its numbers are placeholders and available is not tracked, not “100%”', () => {
    const text = gpuText('NVIDIA GeForce RTX 3060', 'win11-workstation');
    assert.match(text, /^VRAM: 1,000,000,000 \(placeholder\), available not tracked$/m);
    assert.match(text, /Hyper-V reports the total however many VMs hold a partition/);
    assert.doesNotMatch(text, /100%/);
  });

  it('an SR-IOV GPU’s tooltip gives VRAM in GB with the exact bytes, the other numbers as units, and what available counts', () => {
    const text = gpuText('NVIDIA A16', 'server2025-sriov');
    assert.match(text, /^VRAM: 14 GB of 16 GB available \(87\.5%; 15,032,385,536 of 17,179,869,184 bytes\)$/m);
    assert.match(text, /^Encode: 14 of 16 units available \(87\.5%\)$/m);
    assert.match(text, /^Available: what the partitions of running VMs leave\./m);
    assert.match(text, /Encode, decode and compute are in units the driver defines/);
  });
});
