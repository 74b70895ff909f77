/**
 * One journey through the real module: the packaged extension in code-server, with its simulated
 * host on the real-module face (GPUPV_SIMULATED_FACE=module in the extension host's environment),
 * so every call runs GpuPv.psm1 in pwsh 7 over the Hyper-V double: assign the RTX 3060 to
 * Build-Agent, make it GPU-PV ready (high MMIO, write-combining, checkpoints, memory), then open the
 * panel of Grafik-Prüfstand, whose 512 MB of high MMIO the panel diagnoses as the cause of code 43,
 * and run its fix. Between the two, the host's driver is synced into Build-Agent's disk offline
 * (Mount-VHD, Storage and the journal's renames in pwsh on the disk's folders). The guest's Device
 * Manager (its WMI over PowerShell Direct) has no double: the panel's device line is not read here.
 */
import * as assert from 'node:assert/strict';
import { pwshInstall } from '../support/realPowerShell';
import { assignWholeGpu, makeReady } from './support/commands';
import { checkLine, fixMmioFromPanel, openPanelFromPalette, panelFrame } from './support/panel';
import {
  CONTAINER_TITLE,
  childNames,
  expandPath,
  findRow,
  hasLabel,
  resizeSideBar,
  rowLocator,
  treeItem,
  waitForNotification,
  waitUntil,
  workbenchJourney,
} from './support/workbench';

const HOST = 'Real module: Windows 11 workstation';
const VMS = [HOST, 'Virtual machines'];
const VM = 'Build-Agent';
const PANEL_VM = 'Grafik-Prüfstand';
const GPU = 'NVIDIA GeForce RTX 3060';
const SYNC_COMMAND = 'Sync Host GPU Driver to VM…';

describe('GPU-PV through the real module in pwsh (packaged extension in code-server)', function () {
  this.timeout(120_000);
  const powershell = pwshInstall();
  const page = workbenchJourney({
    name: 'e2e-real-module',
    viewport: { width: 1280, height: 900 },
    settings: { 'gpupv.hosts': [{ kind: 'simulated', name: HOST, scenario: 'win11-workstation' }], 'gpupv.refreshIntervalSeconds': 0 },
    env: { GPUPV_SIMULATED_FACE: 'module', GPUPV_PWSH: powershell.pwsh },
  });

  async function rowText(rowPath: string[]): Promise<string> {
    return (await waitUntil(() => findRow(page(), rowPath), rowPath.join(' > '))).name.replace(/, has actions$/, '');
  }

  it('shows the host as the module reads it in pwsh: the tooltip names the pwsh of the tests, not the scenario’s 7.4.6', async () => {
    const p = page();
    const tab = p.locator('.part.activitybar').getByRole('tab', { name: new RegExp(CONTAINER_TITLE) });
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    await tab.click();
    await resizeSideBar(p, 560);
    await treeItem(p, HOST).waitFor({ state: 'visible', timeout: 30_000 });
    await expandPath(p, VMS);
    assert.match(await rowText([...VMS, VM]), /^Build-Agent Off · no GPU partition$/);
    await rowLocator(p, await findRow(p, [HOST])).hover();
    const hover = p.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'PowerShell' }).first();
    await hover.waitFor({ state: 'visible' });
    const tip = (await hover.textContent()) ?? '';
    assert.ok(tip.includes(`PowerShell ${powershell.pwshVersion} (PowerShell 7)`), tip);
    await p.mouse.move(1, (p.viewportSize()?.height ?? 800) - 1);
  });

  it(`assigns the whole ${GPU} to ${VM}: Add-VMGpuPartitionAdapter runs in the double, the adapter appears`, async () => {
    const p = page();
    const dialog = await assignWholeGpu(p, null, VM, GPU);
    assert.match(dialog.detail, /Add-VMGpuPartitionAdapter -VM \$vm -InstancePath '\\\\\?\\PCI#VEN_10DE/);
    await waitUntil(async () => (await findRow(p, [...VMS, VM])).expanded !== null, `${VM} to get children`);
    await expandPath(p, [...VMS, VM]);
    await waitUntil(async () => (await childNames(p, [...VMS, VM])).some((name) => hasLabel(name, GPU)), `the ${GPU} adapter under ${VM}`);
    assert.match(await rowText([...VMS, VM, GPU]), /whole GPU \(sizes unset\)/);
  });

  it(`makes ${VM} GPU-PV ready: 32 GB of high MMIO and write-combining among the changes, then the tree says ready`, async () => {
    const p = page();
    const dialog = await makeReady(p, null, VM);
    assert.match(dialog.detail, /High MMIO space: 512 MB → 32 GB/);
    assert.match(dialog.detail, /-GuestControlledCacheTypes \$true/);
    await waitUntil(async () => {
      const name = await rowText([...VMS, VM]);
      if (name !== `${VM} Off · GPU-PV ready · driver not synced`) throw new Error(`the row says "${name}"`);
      return true;
    }, `${VM} to be GPU-PV ready`);
  });

  it(`syncs the host's driver into ${VM} offline: Mount-VHD, the copy and the commit run in pwsh on the disk's folders`, async () => {
    const p = page();
    const row = rowLocator(p, await findRow(p, [...VMS, VM]));
    await row.hover();
    await row.locator(`.action-label[aria-label^="${SYNC_COMMAND}"]`).click();
    const done = await waitForNotification(p, /^GPU-PV: Synced \d+ files/, 90_000);
    assert.match(done, new RegExp(`^GPU-PV: Synced \\d+ files \\([\\d.]+ MB\\) into ${VM} in [\\d.]+ s\\. Driver [\\d.]+\\.$`));
    await waitUntil(async () => {
      const name = await rowText([...VMS, VM]);
      if (name !== `${VM} Off · GPU-PV ready`) throw new Error(`the row says "${name}"`);
      return true;
    }, `${VM} without the drift mark`);
  });

  it(`diagnoses ${PANEL_VM}’s code 43 in the panel: its high MMIO line fails and says why`, async () => {
    const p = page();
    await openPanelFromPalette(p, PANEL_VM);
    const mmio = checkLine(panelFrame(p), 'high-mmio');
    await waitUntil(async () => (await mmio.getAttribute('data-status')) === 'fail', 'the MMIO line to fail');
    assert.match((await mmio.textContent()) ?? '', /High MMIO space is 512 MB: below 8 GB the guest driver fails with code 43\./);
  });

  it('runs the fix from the panel (Apply, shut down, start again), and the line passes without reopening it', async () => {
    const p = page();
    await fixMmioFromPanel(p, PANEL_VM);
    const mmio = checkLine(panelFrame(p), 'high-mmio');
    await waitUntil(async () => (await mmio.getAttribute('data-status')) === 'pass', 'the MMIO line to pass', 60_000);
  });
});
