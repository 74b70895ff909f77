/**
 * Driver sync the way a user does it, in a real VS Code with the packaged extension: on the demo
 * workstation the VM "Media-Encoder" (Off, a partition of the Intel GPU) shows that its guest driver
 * was never synced, with an inline sync button; "Sync Host GPU Driver to VM…" from its context menu
 * shows a progress notification (files and bytes), then the outcome, and the tree drops the mark
 * and says which driver the guest has.
 *
 * The demo's Intel package (about 22 MB) copies in well under a second, too fast to see the
 * progress notification: the test puts a `delay` fault of a few seconds on Copy-DriverFilesToGuest
 * in this simulated host's folder (src/simulator/faults), so the copy call answers later, exactly
 * as a slow disk would.
 *
 * Saves test-results/driver-sync.png and copies it to media/screenshots/ when missing there or
 * GPUPV_UPDATE_SCREENSHOTS=1.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hostId, simulatedHostDir, type HostConfig } from '../../src/host/hostConfig';
import { writeFaults } from '../../src/simulator/faults/faults';
import { contrastFailures, measureContrast } from './support/contrastCheck';
import {
  childNames,
  CONTAINER_TITLE,
  expandNotificationToast,
  expandPath,
  findRow,
  hasLabel,
  resizeSideBar,
  rowLocator,
  saveScreenshot,
  sideBar,
  treeItem,
  waitForNotification,
  waitUntil,
  workbenchClip,
  workbenchJourney,
} from './support/workbench';

const HOST: HostConfig = { kind: 'simulated', name: 'Demo: Windows 11 workstation', scenario: 'win11-workstation' };
const VMS = [HOST.name, 'Virtual machines'];
const VM = 'Media-Encoder';
const COMMAND = 'Sync Host GPU Driver to VM…';
/** How long the copy call is held back so the progress notification can be seen. */
const COPY_DELAY_MS = 5000;

/** A row's accessible name without what VS Code adds for screen readers. */
function shown(name: string): string {
  return name.replace(/, has actions$/, '');
}

describe('Driver sync from the tree (packaged extension in code-server)', function () {
  this.timeout(60_000);
  const page = workbenchJourney({
    name: 'e2e-driver-sync',
    viewport: { width: 1280, height: 860 },
    settings: { 'gpupv.hosts': [HOST], 'gpupv.refreshIntervalSeconds': 0 },
  });

  async function rowName(rowPath: string[]): Promise<string> {
    return shown((await waitUntil(() => findRow(page(), rowPath), rowPath.join(' > '))).name);
  }

  it(`shows that ${VM}'s guest driver was never synced, with an inline sync button`, async () => {
    const p = page();
    const tab = p.locator('.part.activitybar').getByRole('tab', { name: new RegExp(CONTAINER_TITLE) });
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    await tab.click();
    await resizeSideBar(p, 560);
    await treeItem(p, HOST.name).waitFor({ state: 'visible', timeout: 30_000 });
    await expandPath(p, [HOST.name]);
    await expandPath(p, VMS);
    assert.equal(await rowName([...VMS, VM]), `${VM} Off · GPU-PV ready · driver not synced`);
    await expandPath(p, [...VMS, VM]);
    await waitUntil(async () => {
      const children = await childNames(p, [...VMS, VM]);
      if (!children.some((c) => hasLabel(c, 'Guest driver: not synced'))) throw new Error(JSON.stringify(children));
      return true;
    }, 'the Guest driver row under the VM');
    const row = rowLocator(p, await findRow(p, [...VMS, VM]));
    await row.hover();
    await row.locator(`.action-label[aria-label^="${COMMAND}"]`).waitFor({ state: 'visible' });
  });

  it(`syncs it from ${VM}'s context menu: a progress notification with files and bytes, then the outcome`, async () => {
    const p = page();
    // The simulated host runs in code-server's profile, under the extension's global storage.
    const storage = path.join(page.workbench().server.userDataDir, 'User', 'globalStorage', 'gpupv.hyperv-gpupv');
    const simDir = simulatedHostDir(HOST, storage);
    assert.ok(fs.existsSync(path.join(simDir, 'state.json')), `no simulated host state in ${simDir} (host id ${hostId(HOST)})`);
    writeFaults(simDir, [{ operation: 'Copy-DriverFilesToGuest', kind: 'delay', ms: COPY_DELAY_MS }]);

    const row = rowLocator(p, await findRow(p, [...VMS, VM]));
    await row.click({ button: 'right' });
    const item = p.getByRole('menuitem', { name: new RegExp(`^${COMMAND}`) });
    await item.waitFor({ state: 'visible' });
    // A menu opened a moment ago may drop a click (busy CPU): point at the item, click, and if the
    // menu is still open afterwards, choose the focused item with Enter.
    await item.hover();
    await p.waitForTimeout(200);
    await item.click();
    // Only when the menu is still open a second later: an Enter sent while it closes would reach the
    // workbench and could run the command again, from the palette.
    const closed = await item.waitFor({ state: 'hidden', timeout: 1_000 }).then(
      () => true,
      () => false,
    );
    if (!closed) await p.keyboard.press('Enter');

    const progress = await waitForNotification(p, /Copying: \d+ of \d+ files/, 20_000);
    assert.match(progress, /files/);
    assert.match(progress, /MB/);
    const done = await waitForNotification(p, /^GPU-PV: Synced \d+ files/, 30_000);
    assert.match(done, new RegExp(`^GPU-PV: Synced \\d+ files \\([\\d.]+ MB\\) into ${VM} in [\\d.]+ s\\. Driver 32\\.0\\.101\\.6078\\.$`));
  });

  it('clears the drift mark: the row says which driver the guest has, and the inline button is gone', async () => {
    const p = page();
    await waitUntil(async () => {
      const name = await rowName([...VMS, VM]);
      if (name !== `${VM} Off · GPU-PV ready`) throw new Error(`the row says "${name}"`);
      return true;
    }, `${VM} without the drift mark`);
    await waitUntil(async () => {
      const children = await childNames(p, [...VMS, VM]);
      if (!children.some((c) => /^Guest driver: 32\.0\.101\.6078 synced \d{4}-\d{2}-\d{2}, offline/.test(c)))
        throw new Error(JSON.stringify(children));
      return true;
    }, 'the Guest driver row with the synced version');
    const row = rowLocator(p, await findRow(p, [...VMS, VM]));
    await row.hover();
    assert.equal(await row.locator(`.action-label[aria-label^="${COMMAND}"]`).count(), 0, 'no inline sync button on a VM in sync');
  });

  it('draws every icon of the tree at 3:1 or more against the side bar (WCAG non-text contrast)', async () => {
    const p = page();
    await p.mouse.move(1, (p.viewportSize()?.height ?? 800) - 1);
    const theme = await p.locator('.monaco-workbench').getAttribute('class');
    const icons = await measureContrast(sideBar(p), {
      texts: false,
      marks: [['.custom-view-tree-node-item-icon.codicon', 'color', 'self']],
    });
    // the host, its groups, both GPUs, the seven VMs, the adapter and the Guest driver row
    assert.ok(icons.length >= 12, `only ${icons.length} icons measured`);
    const failures = contrastFailures(icons);
    assert.ok(failures.length === 0, `tree icons below 3:1 (${/vscode-theme-\S+/.exec(theme ?? '')?.[0]}):\n${failures.join('\n')}`);
  });

  it('saves a screenshot of the tree and the outcome', async () => {
    const p = page();
    assert.equal(
      await p.locator('.quick-input-widget').isVisible(),
      false,
      'no quick pick open: the command ran once, from the context menu',
    );
    await p.mouse.move(1, (p.viewportSize()?.height ?? 800) - 1);
    await expandNotificationToast(p, 'Synced').catch(() => undefined);
    await p.mouse.move(1, (p.viewportSize()?.height ?? 800) - 1);
    await p.waitForTimeout(300);
    assert.ok(await sideBar(p).isVisible(), 'the side bar is open');
    await saveScreenshot(p, 'driver-sync.png', await workbenchClip(p, true));
  });
});
