/**
 * The GPU-PV panel: one webview that shows a host, one of its GPUs or one of its VMs. It draws
 * what the inventory store holds and follows it (tree refreshes, action results) without a reload;
 * the page may only ask for the allow-listed commands, which run exactly as from the tree, with
 * the node the tree would pass. The page remembers what it shows (webview state), so the panel
 * comes back after a window reload.
 */
import * as vscode from 'vscode';
import type { GuestReading } from '../../core/diagnosis/checklist';
import type { VirtualMachine } from '../../core/model';
import { refusedCredentialText } from '../../core/signInGate';
import type { ExtensionMessage, PageMessage } from '../../core/panel/messages';
import { createPageRouter } from '../../core/panel/router';
import { COMMAND_TARGET } from '../../core/panel/panelCommands';
import { panelTarget, type PanelModel, type PanelTarget } from '../../core/panel/panelModel';
import { panelModel } from '../../core/panel/viewModel';
import type { CommandContext } from '../commands/commandContext';
import type { GuestCredentialStore } from './guestCredentials';
import { readGuestDisplay } from './guestReader';
import { panelHtml, panelOptions } from './panelHtml';

export const PANEL_VIEW_TYPE = 'gpupv.panel';

export interface PanelDeps {
  readonly ctx: CommandContext;
  readonly extensionUri: vscode.Uri;
  readonly credentials: GuestCredentialStore;
}

interface GuestEntry {
  /** The VM object the reading belongs to: a new object (refresh, action result) reads again. */
  readonly vm: VirtualMachine;
  reading: GuestReading;
}

export class GpuPvPanel implements vscode.Disposable {
  private ready = false;
  private disposed = false;
  private readonly guest = new Map<string, GuestEntry>();
  private readonly subscriptions: { dispose(): void }[] = [];
  private renderQueued = false;
  private lastModel: PanelModel | undefined;
  /** Messages the page sent that were refused (tests read it). */
  refused = 0;

  constructor(
    private readonly deps: PanelDeps,
    readonly panel: vscode.WebviewPanel,
    private target: PanelTarget,
    private readonly onDisposed: () => void,
  ) {
    this.router = this.makeRouter();
    panel.webview.options = panelOptions(deps.extensionUri);
    panel.webview.html = panelHtml(panel.webview, deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icons', 'gpupv.svg');
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((data: unknown) => void this.receive(data)),
      panel.onDidDispose(() => this.dispose()),
      deps.ctx.store.onDidChange((hostId) => {
        if (hostId === this.target.hostId) this.scheduleRender();
      }),
      deps.credentials.onDidChange(({ hostId, vmId }) => {
        this.guest.delete(`${hostId}/${vmId.toLowerCase()}`);
        if (hostId === this.target.hostId) this.scheduleRender();
      }),
    );
    this.updateTitle();
  }

  get current(): PanelTarget {
    return this.target;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The last model sent to the page (tests read it). */
  get model(): PanelModel | undefined {
    return this.lastModel;
  }

  show(target: PanelTarget): void {
    this.target = target;
    this.updateTitle();
    this.panel.reveal(undefined, false);
    this.scheduleRender();
  }

  /** Renders now and resolves with the model (also when the page is not ready yet). */
  async render(): Promise<PanelModel | undefined> {
    if (this.disposed) return undefined;
    const { ctx } = this.deps;
    const { hostId } = this.target;
    const hostNode = ctx.tree.hosts().find((h) => h.hostId === hostId);
    let snapshot = ctx.store.snapshot(hostId);
    const client = ctx.pool.client(hostId);
    if (hostNode && client && !snapshot.inventory && !snapshot.loading && !snapshot.error) {
      void ctx.store.load(hostId, () => client.inventory());
      snapshot = ctx.store.snapshot(hostId);
    }
    const focus = this.target.focus;
    const vm = focus.kind === 'vm' ? snapshot.inventory?.vms.find((v) => v.id === focus.vmId) : undefined;
    const guest: GuestReading = vm ? await this.guestReading(vm) : { kind: 'not-running' };
    const model = panelModel({
      target: this.target,
      hostName: hostNode?.config.name ?? hostId,
      loading: snapshot.loading,
      error: hostNode ? (snapshot.error?.message ?? null) : 'This host is no longer configured (gpupv.hosts).',
      inventory: hostNode ? snapshot.inventory : undefined,
      guest,
    });
    this.lastModel = model;
    this.updateTitle();
    if (this.ready) await this.post({ type: 'model', model });
    return model;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.panel.dispose();
    this.onDisposed();
  }

  // --- page messages ------------------------------------------------------------------------------

  /** Validates and handles one message from the page; anything unexpected is logged and ignored. */
  async receive(data: unknown): Promise<boolean> {
    const accepted = await this.router(data);
    if (!accepted) this.refused++;
    return accepted;
  }

  private readonly router: (data: unknown) => Promise<boolean>;

  private makeRouter() {
    return createPageRouter(
      {
        ready: async () => {
          this.ready = true;
          await this.render();
        },
        focus: (message) => this.show({ hostId: this.target.hostId, focus: message.focus }),
        refresh: async () => {
          this.guest.clear();
          const hostNode = this.deps.ctx.tree.hosts().find((h) => h.hostId === this.target.hostId);
          if (hostNode) await this.deps.ctx.tree.refresh(hostNode);
          this.scheduleRender();
        },
        run: (message) => this.run(message),
      },
      this.deps.ctx.log,
    );
  }

  private async run(message: Extract<PageMessage, { type: 'run' }>): Promise<void> {
    const argument = this.commandArgument(message);
    if (argument === undefined) {
      this.refused++;
      this.deps.ctx.log.warn(`Panel: refused ${message.command}: its VM or GPU is not on the host the panel shows.`);
      return;
    }
    await this.post({ type: 'busy', command: message.command });
    try {
      await vscode.commands.executeCommand(message.command, ...(argument === null ? [] : [argument]));
    } finally {
      await this.post({ type: 'busy', command: null });
      this.scheduleRender();
    }
  }

  /** The node the tree would pass to the command; null for commands without one; undefined when refused. */
  private commandArgument(message: Extract<PageMessage, { type: 'run' }>): unknown {
    const { ctx } = this.deps;
    const hostId = this.target.hostId;
    const hostNode = ctx.tree.hosts().find((h) => h.hostId === hostId);
    const inventory = ctx.store.snapshot(hostId).inventory;
    switch (COMMAND_TARGET[message.command]) {
      case 'none':
        return null;
      case 'host':
        return hostNode && { hostId };
      case 'vm': {
        const vm = message.vmId && inventory?.vms.find((v) => v.id === message.vmId);
        return hostNode && vm ? { hostId, vmId: vm.id } : undefined;
      }
      case 'gpu': {
        const gpu = message.instancePath && inventory?.gpus.find((g) => g.instancePath === message.instancePath);
        return hostNode && gpu ? { hostId, instancePath: gpu.instancePath } : undefined;
      }
    }
  }

  // --- guest --------------------------------------------------------------------------------------

  private async guestReading(vm: VirtualMachine): Promise<GuestReading> {
    const hostId = this.target.hostId;
    const key = `${hostId}/${vm.id.toLowerCase()}`;
    if (vm.state !== 'Running') {
      this.guest.delete(key);
      return { kind: 'not-running' };
    }
    const cached = this.guest.get(key);
    if (cached && cached.vm === vm) return cached.reading;
    const { credentials } = this.deps;
    const stored = await credentials.get(hostId, vm.id);
    if (!stored) return { kind: 'no-credentials' };
    // A refused credential is not tried again, whatever redraws the panel (a refresh, a tree tick).
    if (stored.refusedAt !== undefined) return { kind: 'refused', message: refusedCredentialText('The guest', stored) };
    const client = this.deps.ctx.pool.client(hostId);
    if (!client) return { kind: 'failed', message: 'the host is no longer configured.' };
    const entry: GuestEntry = { vm, reading: { kind: 'reading' } };
    this.guest.set(key, entry);
    void credentials
      .signIn(hostId, vm.id, (credential) => readGuestDisplay(client, vm.id, credential))
      .then((result) => {
        entry.reading = result.ok ? { kind: 'read', display: result.value } : { kind: 'failed', message: result.error.message };
        if (this.guest.get(key) === entry) this.scheduleRender();
      });
    return entry.reading;
  }

  // --- internals ----------------------------------------------------------------------------------

  private scheduleRender(): void {
    if (this.renderQueued || this.disposed) return;
    this.renderQueued = true;
    setTimeout(() => {
      this.renderQueued = false;
      void this.render();
    }, 30);
  }

  private async post(message: ExtensionMessage): Promise<void> {
    if (this.disposed) return;
    await this.panel.webview.postMessage(message);
  }

  private updateTitle(): void {
    const m = this.lastModel;
    const focus = this.target.focus;
    const name =
      focus.kind === 'vm'
        ? (m?.vm?.name ?? m?.nav.vms.find((v) => v.id === focus.vmId)?.name)
        : focus.kind === 'gpu'
          ? m?.nav.gpus.find((g) => g.instancePath === focus.instancePath)?.name
          : m?.hostName;
    this.panel.title = `GPU-PV: ${name ?? 'Hyper-V host'}`;
  }
}

/** Opens (or reveals) the one panel, and brings it back after a window reload. */
export class PanelManager implements vscode.Disposable {
  private panel: GpuPvPanel | undefined;

  constructor(private readonly deps: PanelDeps) {}

  get current(): GpuPvPanel | undefined {
    return this.panel;
  }

  open(target: PanelTarget): GpuPvPanel {
    if (this.panel) {
      this.panel.show(target);
      return this.panel;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'GPU-PV',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      panelOptions(this.deps.extensionUri),
    );
    return this.adopt(webviewPanel, target);
  }

  serializer(): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (webviewPanel: vscode.WebviewPanel, state: unknown) => {
        const parsed = panelTarget.safeParse(state);
        const hosts = this.deps.ctx.tree.hosts();
        const target: PanelTarget | undefined = parsed.success
          ? parsed.data
          : hosts[0]
            ? { hostId: hosts[0].hostId, focus: { kind: 'host' } }
            : undefined;
        if (!target) {
          webviewPanel.dispose();
          return;
        }
        if (this.panel) {
          // One panel: a restored second one replaces nothing, it closes.
          webviewPanel.dispose();
          this.panel.show(target);
          return;
        }
        this.adopt(webviewPanel, target);
      },
    };
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private adopt(webviewPanel: vscode.WebviewPanel, target: PanelTarget): GpuPvPanel {
    const panel = new GpuPvPanel(this.deps, webviewPanel, target, () => {
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
    void panel.render();
    return panel;
  }
}
