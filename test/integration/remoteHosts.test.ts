/**
 * In a real extension host: remote hosts and a failover cluster added, fixed, tested
 * and removed through the commands, with scripted answers; the remote hosts are simulated hosts
 * playing WinRM ones, connected through the same connect line a real one gets.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_HOSTS } from '../../src/host/demoHosts';
import type { ExtensionApi } from '../../src/ui/extension';
import type { ClusterNode } from '../../src/ui/tree/clusterNode';
import { FLEET_NODE_ID } from '../../src/ui/tree/fleetNode';
import type { HostNode } from '../../src/ui/tree/hostNode';
import type { TreeNode } from '../../src/ui/tree/treeNode';
import { api, contextValue, description, label, setHosts, waitFor } from './support/extension';
import { ScriptedUi } from './support/scriptedUi';

const RUN = Date.now().toString(36);
const REMOTE = `IT remote ${RUN}`;
const OTHER = `IT local ${RUN}`;
const CLUSTER = `IT cluster ${RUN}`;
/** The simulated server2025-sriov scenario's remote account (README, demo hosts). */
const USER = 'CONTOSO\\hvadmin';
const PASSWORD = 'gpupv';

function userHosts(): unknown[] {
  return vscode.workspace.getConfiguration('gpupv').inspect<unknown[]>('hosts')?.globalValue ?? [];
}

describe('remote hosts and clusters in the extension host (scripted answers)', function () {
  this.timeout(60_000);
  let extension: ExtensionApi;
  let ui: ScriptedUi;

  const host = (name: string): HostNode => {
    const found = extension.tree.hosts().find((h) => h.config.name === name);
    assert.ok(
      found,
      `host ${name} in the tree: ${extension.tree
        .hosts()
        .map((h) => h.config.name)
        .join(', ')}`,
    );
    return found;
  };
  // The hosts and clusters at the root (the Fleet summary node above them is tested in fleet.test.ts).
  const roots = (): string[] =>
    extension.tree
      .getChildren()
      .filter((n) => n.id !== FLEET_NODE_ID)
      .map(label);

  before(async () => {
    extension = await api();
    await setHosts([{ kind: 'simulated', name: OTHER, scenario: 'win11-workstation' }]);
  });

  beforeEach(() => {
    ui = ScriptedUi.installed();
  });

  afterEach(function () {
    ui.restoreAfter(this.currentTest);
  });

  after(async () => {
    await setHosts([]);
  });

  it('Add Host… adds a simulated remote host from the palette; it connects and shows “connected”', async () => {
    ui.on('pick', /^Add a Hyper-V host: transport$/, /Simulated remote host/)
      .on('pick', /: scenario$/, 'server2025-sriov')
      .on('input', /: address$/, 'hv-it.contoso.test')
      .on('pick', /: security$/, /HTTPS/)
      .on('pick', /: authentication$/, 'Negotiate')
      .on('input', /: port$/, '')
      .on('input', /: account$/, USER)
      .on('input', /: password$/, PASSWORD)
      .on('input', /: name$/, REMOTE)
      .on('info', /connected to/, undefined);

    await vscode.commands.executeCommand('gpupv.addHost');

    ui.assertAllUsed();
    assert.match(ui.find('info', /connected to/).text, new RegExp(`connected to ${REMOTE}: GPU-SRV01, Microsoft Windows Server 2025`));
    const node = host(REMOTE);
    assert.match(description(node), /^connected · GPU-SRV01 · Microsoft Windows Server 2025 Datacenter/);
    assert.match(contextValue(node), /^host\+simulated\+remote\+loaded$/);
    assert.deepEqual(roots(), [OTHER, REMOTE]);
    // The entry holds the connection, never the password.
    const entry = userHosts().find((h) => (h as { name?: string }).name === REMOTE);
    assert.deepEqual(entry, {
      kind: 'simulated',
      name: REMOTE,
      scenario: 'server2025-sriov',
      remote: { address: 'hv-it.contoso.test', transport: 'winrm', useSsl: true, authentication: 'Negotiate' },
    });
    assert.doesNotMatch(JSON.stringify(userHosts()), /"gpupv"|password|credential/i);
    // The input box that asked for it hid what was typed.
    assert.ok(ui.find('input', /: password$/));
  });

  it('wrong credentials: the host shows “failed”, its last error and a fix; the other host is still listed and answers', async () => {
    const node = host(REMOTE);
    ui.on('input', /: account$/, USER)
      .on('input', /: password$/, 'not-the-password')
      .on('error', /cannot be reached/, undefined);

    await vscode.commands.executeCommand('gpupv.setHostCredentials', node);

    ui.assertAllUsed();
    const shown = ui.find('error', /cannot be reached/).text;
    assert.match(shown, /The host refused the sign-in/);
    assert.doesNotMatch(shown, /not-the-password/);
    assert.match(description(node), /^failed .*: The host refused the sign-in/);
    assert.match(contextValue(node), /\+error$/);
    const [errorNode] = extension.tree.getChildren(node);
    assert.ok(errorNode);
    assert.equal(contextValue(errorNode), 'message+error+remote-auth-failed');
    const fix = errorNode.treeItem().command;
    assert.equal(fix?.command, 'gpupv.setHostCredentials');
    assert.equal(fix?.arguments?.[0], node, 'the fix acts on this host');
    const shownTooltip = extension.tree.resolveTreeItem(extension.tree.getTreeItem(node), node).tooltip;
    assert.ok(shownTooltip instanceof vscode.MarkdownString);
    const tooltip = shownTooltip.value.replace(/\\(.)/g, '$1'); // markdown escapes off
    assert.match(tooltip, /WinRM to hv-it\.contoso\.test:5986 \(HTTPS, Negotiate\)/);
    assert.match(tooltip, /failed .*: The host refused the sign-in/);

    // The other host is untouched.
    assert.deepEqual(roots(), [OTHER, REMOTE]);
    await extension.tree.refresh(host(OTHER));
    assert.ok(extension.store.snapshot(host(OTHER).hostId).inventory, 'the other host answers');
    assert.doesNotMatch(description(host(OTHER)), /failed/);
  });

  it('an unreachable host shows “connecting…”, then “failed” with its time, while the other hosts answer meanwhile', async () => {
    const unreachable = `IT unreachable ${RUN}`;
    await setHosts([
      ...(userHosts() as Array<Record<string, unknown>>),
      {
        kind: 'simulated',
        name: unreachable,
        scenario: 'win10-laptop',
        remote: { transport: 'winrm', address: 'gone.contoso.test', unreachable: true, latencyMs: 2000 },
      },
    ]);
    const node = host(unreachable);
    const loading = extension.tree.refresh(node);
    await waitFor(() => description(node) === 'connecting…', 'the host to show connecting…');
    assert.equal(label(extension.tree.getChildren(node)[0]!), 'Connecting…');
    // Meanwhile the other host is read, unhindered.
    const started = Date.now();
    await extension.tree.refresh(host(OTHER));
    assert.ok(Date.now() - started < 2000, 'the other host did not wait for the unreachable one');
    assert.equal(description(node), 'connecting…', 'still connecting while the other host answered');
    await loading;
    assert.match(description(node), /^failed \d{1,2}:\d{2}:\d{2}.*: The host cannot be reached over PowerShell remoting\.$/);
    assert.equal(contextValue(extension.tree.getChildren(node)[0]!), 'message+error+remote-unreachable');
    assert.equal(extension.tree.getChildren(node)[0]!.treeItem().command?.command, 'gpupv.testConnection');
    await setHosts((userHosts() as Array<{ name?: string }>).filter((h) => h.name !== unreachable) as Array<Record<string, unknown>>);
  });

  it('the error node’s fix, with the right password, connects again', async () => {
    const node = host(REMOTE);
    const fix = extension.tree.getChildren(node)[0]!.treeItem().command!;
    ui.on('input', /: account$/, USER)
      .on('input', /: password$/, PASSWORD)
      .on('info', /connected to/, undefined);

    await vscode.commands.executeCommand(fix.command, ...(fix.arguments ?? []));

    ui.assertAllUsed();
    assert.match(description(host(REMOTE)), /^connected · GPU-SRV01/);
    assert.ok(!extension.tree.getChildren(host(REMOTE)).some((c) => contextValue(c).startsWith('message+error')));
  });

  it('an account with an apostrophe (CONTOSO\\O’Brien) is accepted and signs in; refused as no Hyper-V administrator, the error gives the PowerShell that admits it, quoted', async () => {
    const node = host(REMOTE);
    const account = "CONTOSO\\O'Brien";
    const grant = "Add-LocalGroupMember -Group 'Hyper-V Administrators' -Member 'CONTOSO\\O''Brien'";
    ui.on('input', /: account$/, account)
      .on('input', /: password$/, PASSWORD)
      .on('error', /cannot be reached/, 'Copy PowerShell');

    await vscode.commands.executeCommand('gpupv.setHostCredentials', node);

    ui.assertAllUsed();
    const error = ui.find('error', /cannot be reached/);
    assert.match(error.text, /The account is neither an administrator nor a member of Hyper-V Administrators/);
    assert.ok(error.text.endsWith(`For this account: ${grant}`), error.text);
    assert.deepEqual(error.choices, ['Copy PowerShell', 'Test Connection']);
    assert.equal(await vscode.env.clipboard.readText(), grant);
    assert.equal(contextValue(extension.tree.getChildren(node)[0]!), 'message+error+remote-not-hyperv-admin');

    // Back to the administrator account for the tests that follow.
    ui.on('input', /: account$/, USER)
      .on('input', /: password$/, PASSWORD)
      .on('info', /connected to/, undefined);
    await vscode.commands.executeCommand('gpupv.setHostCredentials', node);
    assert.match(description(host(REMOTE)), /^connected · GPU-SRV01/);
  });

  it('Add Failover Cluster… lists the cluster’s nodes under it, each a host that connects', async () => {
    ui.on('pick', /^Add a failover cluster: transport$/, /Simulated failover cluster/)
      .on('input', /: cluster name$/, 'HV-CLUSTER')
      .on('pick', /: security$/, /HTTP$/)
      .on('pick', /: authentication$/, 'Default')
      .on('input', /: port$/, '')
      .on('input', /: account$/, USER)
      .on('input', /: password$/, PASSWORD)
      .on('input', /: name$/, CLUSTER)
      .on('info', /2 nodes:/, undefined);

    await vscode.commands.executeCommand('gpupv.addCluster');

    ui.assertAllUsed();
    assert.match(ui.find('info', /2 nodes:/).text, /2 nodes: HV-NODE1 \(Up\), HV-NODE2 \(Up\)/);
    // The extension runs from its bundle: its classes are not this file's, so no instanceof.
    const cluster = extension.tree.getChildren().find((n): n is ClusterNode => n.id.startsWith('cluster/') && label(n) === CLUSTER);
    assert.ok(cluster, `roots: ${roots().join(', ')}`);
    assert.match(description(cluster), /^failover cluster HV-CLUSTER · 2 nodes$/);
    const members = extension.tree.getChildren(cluster) as TreeNode[];
    assert.deepEqual(members.map(label), ['HV-NODE1', 'HV-NODE2']);
    const first = members[0] as HostNode;
    assert.match(contextValue(first), /^host\+simulated\+remote\+member\+/);
    await extension.tree.refresh(first);
    await waitFor(() => /^connected · GPU-SRV01/.test(description(first)), 'HV-NODE1 connected with the cluster’s credentials');
    assert.ok(extension.tree.hosts().includes(first), 'the palette’s host pickers offer the nodes too');
  });

  it('Forget Host Credentials forgets what is stored; with nothing stored it says so and forgets nothing', async () => {
    await vscode.commands.executeCommand('gpupv.forgetHostCredentials', host(REMOTE));
    assert.deepEqual(ui.of('info'), [], 'stored credentials are forgotten without a question');
    await vscode.commands.executeCommand('gpupv.forgetHostCredentials', host(REMOTE));
    assert.match(ui.find('info', /no stored credentials/).text, new RegExp(`^GPU-PV: ${REMOTE} has no stored credentials: it signs in as`));
  });

  it('Remove Host… asks first (modal), then removes the host and its entry; the others stay', async () => {
    ui.on('warning', /^Remove the host/, 'Remove');

    await vscode.commands.executeCommand('gpupv.removeHost', host(REMOTE));

    ui.assertAllUsed();
    assert.equal(ui.find('warning', /^Remove the host/).modal, true);
    assert.deepEqual(ui.find('warning', /^Remove the host/).choices, ['Keep Host', 'Remove'], 'keeping it is the default answer');
    await waitFor(() => !extension.tree.hosts().some((h) => h.config.name === REMOTE), 'the host to leave the tree');
    assert.ok(!userHosts().some((h) => (h as { name?: string }).name === REMOTE));
    assert.deepEqual(roots(), [OTHER, CLUSTER]);
  });

  it('Remove Host… on a cluster’s node removes the cluster, after Escape nothing changes', async () => {
    const node = extension.tree.hosts().find((h) => h.options.clusterId)!;
    ui.on('warning', /^Remove the failover cluster/, undefined);
    await vscode.commands.executeCommand('gpupv.removeHost', node);
    ui.assertAllUsed();
    assert.deepEqual(roots(), [OTHER, CLUSTER], 'Escape keeps it');

    ui.on('warning', /^Remove the failover cluster/, 'Remove');
    await vscode.commands.executeCommand('gpupv.removeHost', node);
    await waitFor(() => roots().join('|') === OTHER, 'the cluster and its nodes to leave the tree');
    assert.ok(!extension.tree.hosts().some((h) => h.options.clusterId), 'no node host is left');
  });
  it('a PowerShell missing on this computer is said as such, not as the host’s fault; the error goes with the host', async () => {
    const config = vscode.workspace.getConfiguration('gpupv');
    const before = config.get<unknown[]>('hosts') ?? [];
    const name = `IT no shell ${RUN}`;
    try {
      await config.update('powershell.executable', '/nonexistent/gpupv-it/pwsh', vscode.ConfigurationTarget.Global);
      await setHosts([
        { kind: 'simulated', name: OTHER, scenario: 'win11-workstation' },
        { kind: 'remote', name, transport: 'winrm', address: '127.0.0.9' },
      ]);
      ui.on('error', /was not tried/, undefined);
      await vscode.commands.executeCommand('gpupv.testConnection', host(name));
      const shown = ui.find('error', /was not tried/);
      assert.match(
        shown.text,
        /^GPU-PV: IT no shell \S+ was not tried: The PowerShell set in “GPU-PV: PowerShell Executable”, \/nonexistent\/gpupv-it\/pwsh, was not found on this computer\. /,
      );
      assert.doesNotMatch(shown.text, /cannot be reached|127\.0\.0\.9/);
      assert.match(shown.text, process.platform === 'win32' ? /winget/ : /dotnet tool install --global PowerShell/);
      assert.deepEqual(shown.choices, ['Open Setting']);
      const node = host(name);
      assert.match(description(node), /^failed .*: The PowerShell set in “GPU-PV: PowerShell Executable”/);
      const [errorNode] = extension.tree.getChildren(node);
      assert.equal(contextValue(errorNode!), 'message+error+powershell-missing');
      assert.deepEqual(errorNode!.treeItem().command?.arguments, ['gpupv.powershell.executable']);

      ui.on('warning', /^Remove the host/, /^Remove/);
      await vscode.commands.executeCommand('gpupv.removeHost', node);
      await waitFor(() => !extension.tree.hosts().some((h) => h.config.name === name), 'the host to leave the tree');
      assert.equal(extension.store.snapshot(node.hostId).error, undefined, 'its error is forgotten with it');
      const shownNow = extension.tree.getChildren().map((n) => `${label(n)} ${description(n)}`);
      assert.ok(!shownNow.some((text) => /PowerShell|failed/.test(text)), shownNow.join(' | '));
    } finally {
      await config.update('powershell.executable', undefined, vscode.ConfigurationTarget.Global);
      await setHosts(before as Parameters<typeof setHosts>[0]);
    }
  });

  it('the demo remote host written into the settings (as npm run demo does) signs in with the demo account by itself', async () => {
    const demo = DEMO_HOSTS.find((h) => h.name === 'Demo: Remote server (WinRM)')!;
    const before = vscode.workspace.getConfiguration('gpupv').get<unknown[]>('hosts') ?? [];
    const other = { kind: 'simulated', name: OTHER, scenario: 'win11-workstation' };
    try {
      // A host that only carries the demo's name gets nothing: its entry differs from the shipped one.
      const lookalike = { ...demo, remote: { ...(demo.kind === 'simulated' ? demo.remote : undefined)!, address: 'real-host.example' } };
      await setHosts([other, lookalike]);
      await extension.tree.refresh(host(demo.name));
      await waitFor(() => /^failed/.test(description(host(demo.name))), 'the look-alike asks for credentials');
      // The shipped entry, as npm run demo writes it, signs in by itself.
      await setHosts([other, demo]);
      await extension.tree.refresh(host(demo.name));
      await waitFor(() => /^connected · /.test(description(host(demo.name))), 'the demo remote host connected');
    } finally {
      await setHosts(before as Parameters<typeof setHosts>[0]);
    }
  });
});
