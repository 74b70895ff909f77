/**
 * The GPU-PV panel's page. It draws the model the extension sends (validated here too) with DOM
 * calls and textContent only, and asks the extension for allow-listed commands; it has no network
 * access and keeps what it shows in the webview state so the panel survives a window reload.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { checkExtensionMessage, type PageMessage } from '../src/core/panel/messages';
import { COMMAND_LABEL, type PanelCommand } from '../src/core/panel/panelCommands';
import type { GpuView, PanelModel, PanelTarget, ResourceView, VmView } from '../src/core/panel/panelModel';
import './panel.css';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let model: PanelModel | undefined;
let busy: PanelCommand | null = null;

// --- tiny DOM helpers (textContent only: names from the host never become markup) ---------------

type Child = Node | string | null | undefined | false;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c) node.append(c);
  return node;
}

function button(
  label: string,
  onClick: () => void,
  options: { secondary?: boolean; ariaLabel?: string; command?: string } = {},
): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  if (options.secondary) b.setAttribute('secondary', '');
  if (options.ariaLabel) b.setAttribute('aria-label', options.ariaLabel);
  if (options.command) b.dataset.command = options.command;
  if (busy) b.setAttribute('disabled', '');
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) onClick();
  });
  return b;
}

function run(command: PanelCommand, on: { vmId?: string; instancePath?: string } = {}): void {
  vscode.postMessage({ type: 'run', command, ...on });
}

function focus(target: PanelTarget['focus']): void {
  vscode.postMessage({ type: 'focus', focus: target });
}

const STATUS_TEXT = { pass: 'Pass', fail: 'Fail', unknown: 'Unknown' } as const;

function statusBadge(status: 'pass' | 'fail' | 'unknown'): HTMLElement {
  return el('span', { class: `badge badge-${status}` }, STATUS_TEXT[status]);
}

function table(caption: string, headers: string[], rows: Child[][], className = ''): HTMLTableElement {
  return el(
    'table',
    { class: className },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      ...rows.map((cells) => el('tr', {}, ...cells.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c))))),
    ),
  );
}

function percentOf(part: string | null, total: string): number {
  if (part === null) return 0;
  const t = BigInt(total);
  if (t === 0n) return 0;
  const tenths = (BigInt(part) * 1000n) / t;
  return Math.min(100, Number(tenths) / 10);
}

function bar(percent: number, label: string): HTMLElement {
  const fill = el('span', { class: 'bar-fill' });
  fill.style.width = `${percent}%`;
  return el('span', { class: 'bar', role: 'img', 'aria-label': label }, fill);
}

// --- views ----------------------------------------------------------------------------------------

function header(m: PanelModel): HTMLElement {
  const title = m.vm?.name ?? (m.target.focus.kind === 'gpu' ? (m.gpus[0]?.name ?? 'GPU') : `${m.hostName}`);
  const kind = m.target.focus.kind === 'vm' ? 'Virtual machine' : m.target.focus.kind === 'gpu' ? 'GPU' : 'Hyper-V host';
  const host = m.host;
  return el(
    'header',
    {},
    el('p', { class: 'eyebrow' }, `${kind} · ${m.hostName}${host ? ` · ${host.computerName}, ${host.os}, ${host.rights}` : ''}`),
    el('h1', {}, title),
    el(
      'div',
      { class: 'toolbar' },
      m.target.focus.kind !== 'host' ? button(`Host overview`, () => focus({ kind: 'host' }), { secondary: true }) : null,
      button('Refresh', () => vscode.postMessage({ type: 'refresh' }), { secondary: true }),
    ),
    m.loading ? el('p', { class: 'muted', role: 'status' }, 'Refreshing…') : null,
    m.error ? el('p', { class: 'error', role: 'alert' }, m.error) : null,
    m.missing ? el('p', { class: 'error', role: 'alert' }, m.missing) : null,
  );
}

function navigation(m: PanelModel): HTMLElement | null {
  if (m.nav.gpus.length + m.nav.vms.length === 0) return null;
  const f = m.target.focus;
  const link = (label: string, detail: string, current: boolean, go: () => void) => {
    const b = el(
      'button',
      { type: 'button', class: 'link', ...(current ? { 'aria-current': 'page' } : {}) },
      label,
      detail ? el('span', { class: 'muted' }, ` ${detail}`) : null,
    );
    b.addEventListener('click', go);
    return el('li', {}, b);
  };
  return el(
    'nav',
    { 'aria-label': `${m.hostName}: GPUs and virtual machines` },
    el('h2', { class: 'nav-title' }, 'GPUs'),
    el(
      'ul',
      {},
      ...m.nav.gpus.map((g) =>
        link(g.name, '', f.kind === 'gpu' && f.instancePath === g.instancePath, () => focus({ kind: 'gpu', instancePath: g.instancePath })),
      ),
    ),
    el('h2', { class: 'nav-title' }, 'Virtual machines'),
    el(
      'ul',
      {},
      ...m.nav.vms.map((v) => link(v.name, v.state, f.kind === 'vm' && f.vmId === v.id, () => focus({ kind: 'vm', vmId: v.id }))),
    ),
  );
}

function resourceTable(gpu: GpuView, r: ResourceView): HTMLElement {
  const rows: Child[][] = r.shares.map((s) => [
    s.vmName,
    s.vmState,
    s.amountText,
    el('span', { class: 'share' }, bar(percentOf(s.amount, r.total), `${s.vmName}: ${s.percent} of ${r.kind}`), ` ${s.percent}`),
  ]);
  rows.push([
    'Available',
    '',
    r.availableText,
    r.available === null
      ? r.availablePercent
      : el(
          'span',
          { class: 'share' },
          bar(percentOf(r.available, r.total), `Available: ${r.availablePercent} of ${r.kind}`),
          ` ${r.availablePercent}`,
        ),
  ]);
  rows.push(['Total', '', r.totalText, '100%']);
  const t = table(`${r.kind} of ${gpu.name}`, ['VM', 'State', 'Share', 'Of total'], rows, 'resources');
  t.dataset.resource = r.kind;
  return t;
}

function gpuSection(gpu: GpuView, level: 'h1' | 'h2'): HTMLElement {
  const heading = level === 'h2' ? el('h2', {}, gpu.name) : null;
  const section = el(
    'section',
    { class: 'gpu', 'aria-label': gpu.name },
    heading,
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, 'Instance path'),
      el('dd', { class: 'path' }, gpu.instancePath),
      el('dt', {}, 'Driver'),
      el('dd', {}, `${gpu.driverVersion}${gpu.driverProvider ? ` (${gpu.driverProvider})` : ''}${gpu.infName ? `, ${gpu.infName}` : ''}`),
      el('dt', {}, 'Partitions'),
      el(
        'dd',
        { class: 'partitions' },
        `${gpu.partitionsInUse} of ${gpu.partitionCount} in use; valid counts: ${gpu.validPartitionCounts.join(', ') || 'none reported'}`,
      ),
    ),
    el('p', { class: `notice notice-${gpu.kind}`, role: 'note' }, gpu.enforcement),
    el('p', { class: 'muted units' }, `${gpu.units} ${gpu.availability}`),
    el(
      'div',
      { class: 'toolbar' },
      button(COMMAND_LABEL['gpupv.setPartitionCount'], () => run('gpupv.setPartitionCount', { instancePath: gpu.instancePath }), {
        secondary: true,
        command: 'gpupv.setPartitionCount',
      }),
    ),
    ...gpu.resources.map((r) => resourceTable(gpu, r)),
    el('h3', {}, 'VMs holding a partition'),
    gpu.holders.length === 0
      ? el('p', { class: 'muted' }, 'No VM holds a partition of this GPU.')
      : el(
          'ul',
          { class: 'holders' },
          ...gpu.holders.map((h) => {
            const b = el('button', { type: 'button', class: 'link' }, h.vmName);
            b.addEventListener('click', () => focus({ kind: 'vm', vmId: h.vmId }));
            return el('li', {}, b, el('span', { class: 'muted' }, ` ${h.vmState}`));
          }),
        ),
  );
  section.dataset.instancePath = gpu.instancePath;
  return section;
}

function checklist(vm: VmView): HTMLElement {
  return el(
    'section',
    { 'aria-labelledby': 'diagnosis-title' },
    el('h2', { id: 'diagnosis-title' }, 'Diagnosis'),
    el('p', { class: 'summary' }, vm.summary),
    el(
      'ol',
      { class: 'checklist' },
      ...vm.checklist.map((line) => {
        const li = el(
          'li',
          { class: `check check-${line.status}` },
          statusBadge(line.status),
          el(
            'div',
            { class: 'check-body' },
            el('strong', { class: 'check-title' }, line.title),
            el('p', { class: 'check-reason' }, line.reason),
          ),
          line.fix
            ? button(COMMAND_LABEL[line.fix], () => run(line.fix as PanelCommand, { vmId: vm.id }), {
                ariaLabel: `${COMMAND_LABEL[line.fix]} (${line.title})`,
                command: line.fix,
                secondary: line.fix !== vm.primary,
              })
            : null,
        );
        li.dataset.check = line.id;
        li.dataset.status = line.status;
        return li;
      }),
    ),
  );
}

function guestSection(vm: VmView): HTMLElement {
  const g = vm.guest;
  const devices =
    g.devices.length === 0
      ? null
      : table(
          'Display adapters in the guest (Device Manager)',
          ['Name', 'Status', 'Problem', 'Driver', 'Virtual render device', 'Device instance'],
          g.devices.map((d) => [
            d.name,
            el('span', { class: d.healthy ? 'ok' : 'error-text' }, d.statusText),
            d.problemText,
            d.driverProvider || d.driverVersion || d.infName
              ? `${d.driverProvider ?? ''} ${d.driverVersion ?? ''} ${d.infName ?? ''}`.trim()
              : d.service
                ? `service ${d.service}`
                : '—',
            d.virtualRender ? 'Yes' : 'No',
            el('span', { class: 'path' }, d.pnpDeviceId),
          ]),
          'devices',
        );
  return el(
    'section',
    { 'aria-labelledby': 'guest-title' },
    el('h2', { id: 'guest-title' }, 'Guest display devices'),
    el('p', { class: g.kind === 'failed' || g.kind === 'refused' ? 'error' : 'muted', role: 'status' }, g.message),
    devices,
    g.kind === 'no-credentials' || g.kind === 'failed' || g.kind === 'refused'
      ? el(
          'div',
          { class: 'toolbar' },
          button(COMMAND_LABEL['gpupv.setGuestCredentials'], () => run('gpupv.setGuestCredentials', { vmId: vm.id }), {
            secondary: true,
            command: 'gpupv.setGuestCredentials',
          }),
        )
      : null,
    el('h3', {}, 'Driver versions'),
    table(
      'Host and guest driver',
      ['Where', 'Driver', 'Against the host’s driver'],
      vm.drivers.map((d) => [d.where, d.driver, d.note]),
      'drivers',
    ),
  );
}

function vmSections(vm: VmView): HTMLElement[] {
  const actions = el(
    'div',
    { class: 'toolbar' },
    ...vm.actions.map((a) =>
      button(COMMAND_LABEL[a.command], () => run(a.command, { vmId: vm.id }), { secondary: !a.primary, command: a.command }),
    ),
  );
  const state = el('p', { class: 'vm-state' }, `State: ${vm.status}`);
  const settings = el(
    'section',
    { 'aria-labelledby': 'settings-title' },
    el('h2', { id: 'settings-title' }, 'Settings against the GPU-PV requirements'),
    table(
      'VM settings',
      ['Setting', 'Value', 'Needed', 'Status'],
      vm.settings.map((s) => [s.setting, s.value, s.needed, statusBadge(s.status)]),
    ),
  );
  const adapters = el(
    'section',
    { 'aria-labelledby': 'adapters-title' },
    el('h2', { id: 'adapters-title' }, 'GPU partition adapters'),
    vm.adapters.length === 0
      ? el('p', { class: 'muted' }, 'No GPU partition adapter.')
      : el(
          'div',
          {},
          ...vm.adapters.map((a) =>
            el(
              'div',
              { class: 'adapter' },
              el('h3', {}, a.gpuName),
              el('p', { class: 'path' }, a.instancePath),
              a.gpuPresent === false ? el('p', { class: 'error' }, 'This GPU no longer exists on the host.') : null,
              table(
                `Partition sizes of ${a.gpuName}`,
                ['Resource', 'Minimum', 'Maximum', 'Optimal'],
                a.sizes.map((s) => [s.kind, s.min, s.max, s.optimal]),
              ),
            ),
          ),
        ),
  );
  return [state, actions, checklist(vm), guestSection(vm), settings, adapters];
}

function render(m: PanelModel): void {
  const main = el('div', { class: 'content' }, header(m));
  if (m.vm) main.append(...vmSections(m.vm));
  else if (m.target.focus.kind === 'gpu') main.append(...m.gpus.map((g) => gpuSection(g, 'h2')));
  else if (m.host) {
    main.append(
      el(
        'section',
        { 'aria-labelledby': 'host-title' },
        el('h2', { id: 'host-title' }, 'Host'),
        el(
          'dl',
          { class: 'facts' },
          el('dt', {}, 'Computer'),
          el('dd', {}, m.host.computerName),
          el('dt', {}, 'Windows'),
          el('dd', {}, m.host.os),
          el('dt', {}, 'Rights'),
          el('dd', {}, m.host.rights),
          el('dt', {}, 'Edition'),
          el('dd', {}, m.host.edition),
        ),
      ),
      ...(m.gpus.length === 0
        ? [el('p', { class: 'muted' }, 'No partitionable GPU on this host.')]
        : m.gpus.map((g) => gpuSection(g, 'h2'))),
    );
  }
  // Keep keyboard focus where it was (by command or by text) across a redraw.
  const active = document.activeElement as HTMLElement | null;
  const activeKey = active && app.contains(active) ? (active.dataset.command ?? active.textContent ?? '') : null;
  const layout = el('div', { class: 'layout' }, navigation(m), main);
  app.replaceChildren(layout);
  app.setAttribute('aria-busy', 'false');
  if (activeKey) {
    const again = Array.from(app.querySelectorAll<HTMLElement>('vscode-button, button')).find(
      (b) => (b.dataset.command ?? b.textContent ?? '') === activeKey,
    );
    again?.focus();
  }
}

function setBusy(command: PanelCommand | null): void {
  busy = command;
  for (const b of Array.from(app.querySelectorAll('vscode-button, button'))) {
    if (command) b.setAttribute('disabled', '');
    else b.removeAttribute('disabled');
  }
  let status = document.getElementById('busy-status');
  if (!status) {
    status = el('p', { id: 'busy-status', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    document.body.append(status);
  }
  status.textContent = command ? `Running ${COMMAND_LABEL[command]}` : '';
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const checked = checkExtensionMessage(event.data);
  if (!checked.ok) {
    console.warn(`GPU-PV panel: ignored a malformed message from the extension: ${checked.problem}`);
    return;
  }
  const message = checked.message;
  if (message.type === 'busy') {
    setBusy(message.command);
    return;
  }
  model = message.model as PanelModel;
  vscode.setState(model.target);
  render(model);
});

vscode.postMessage({ type: 'ready' });
