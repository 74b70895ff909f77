/**
 * Configuring GPU-PV the way a user does, in a real VS Code with the packaged extension: add the
 * demo hosts, assign the RTX 3060 to the VM "Build-Agent" from the command palette (host, VM, GPU
 * and size picked in quick picks, "Apply" in the modal dialog that shows the PowerShell), see the
 * adapter appear under the VM; make the VM GPU-PV ready and see the tree say so; then try to
 * change the RTX 3060's partition count and see the refusal name the VMs holding partitions.
 *
 * Saves test-results/configure.png (the tree after the changes) and
 * test-results/configure-refusal.png (the refusal), and copies them to media/screenshots/ when
 * missing there or GPUPV_UPDATE_SCREENSHOTS=1. The steps share one workbench; after a failed step
 * the rest are skipped and a screenshot of the moment lands in test-results/.
 */
import * as assert from 'node:assert/strict';
import { assignWholeGpu, makeReady } from './support/commands';
import {
  childNames,
  CONTAINER_TITLE,
  expandNotificationToast,
  expandPath,
  findRow,
  hasLabel,
  pickQuickItem,
  resizeSideBar,
  rowLocator,
  runCommand,
  saveScreenshot,
  sideBar,
  treeItem,
  waitForNotification,
  waitUntil,
  workbenchClip,
  workbenchJourney,
} from './support/workbench';

const WORKSTATION = 'Demo: Windows 11 workstation';
const VMS = [WORKSTATION, 'Virtual machines'];
const VM = 'Build-Agent';
const GPU = 'NVIDIA GeForce RTX 3060';

/** A row's accessible name without what VS Code adds for screen readers. */
function shown(name: string): string {
  return name.replace(/, has actions$/, '');
}

describe('Configure GPU-PV from the command palette (packaged extension in code-server)', function () {
  this.timeout(60_000);
  const page = workbenchJourney({ name: 'e2e-configure', viewport: { width: 1280, height: 860 } });

  /** The label and description of the row at `rowPath`, once it is rendered (without the screen reader's ", has actions"). */
  async function rowName(rowPath: string[]): Promise<string> {
    return shown((await waitUntil(() => findRow(page(), rowPath), rowPath.join(' > '))).name);
  }

  it('adds the demo hosts from the Hosts view and shows the workstation’s VMs and GPUs', async () => {
    const tab = page()
      .locator('.part.activitybar')
      .getByRole('tab', { name: new RegExp(CONTAINER_TITLE) });
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    await tab.click();
    await resizeSideBar(page(), 560);
    await sideBar(page()).getByRole('button', { name: 'Open Demo Hosts' }).click();
    await treeItem(page(), WORKSTATION).waitFor({ state: 'visible', timeout: 30_000 });
    await expandPath(page(), [WORKSTATION]);
    await expandPath(page(), VMS);
    assert.match(await rowName([...VMS, VM]), /^Build-Agent Off · no GPU partition$/);
    await expandPath(page(), [WORKSTATION, 'GPUs']);
    assert.match(await rowName([WORKSTATION, 'GPUs', GPU]), /3\/32 partitions in use/);
  });

  it(`assigns the whole ${GPU} to ${VM} from the palette, after showing the PowerShell`, async () => {
    const p = page();
    const dialog = await assignWholeGpu(p, WORKSTATION, VM, GPU);
    assert.match(dialog.detail, /Add-VMGpuPartitionAdapter -VM \$vm -InstancePath '\\\\\?\\PCI#VEN_10DE/);

    // the VM gets its adapter: it becomes expandable and lists the GPU
    await waitUntil(async () => (await findRow(p, [...VMS, VM])).expanded !== null, `${VM} to get children`);
    await expandPath(p, [...VMS, VM]);
    await waitUntil(async () => {
      const adapters = await childNames(p, [...VMS, VM]);
      if (!adapters.some((a) => hasLabel(a, GPU))) throw new Error(`under ${VM}: ${JSON.stringify(adapters)}`);
      return true;
    }, `the ${GPU} adapter under ${VM}`);
    assert.match(await rowName([...VMS, VM, GPU]), /whole GPU \(sizes unset\)/);
    assert.match(await rowName([WORKSTATION, 'GPUs', GPU]), /4\/32 partitions in use/);
  });

  it(`makes ${VM} GPU-PV ready: the plan in the dialog, then the tree shows the new settings`, async () => {
    const p = page();
    assert.match(await rowName([...VMS, VM]), /needs /);
    const dialog = await makeReady(p, WORKSTATION, VM);
    assert.match(dialog.detail, /High MMIO space: 512 MB → 32 GB/);
    assert.match(dialog.detail, /Set-VMMemory -VM \$vm -DynamicMemoryEnabled \$false/);

    await waitUntil(async () => {
      const name = shown((await findRow(p, [...VMS, VM])).name);
      if (name !== `${VM} Off · GPU-PV ready · driver not synced`) throw new Error(`the row says "${name}"`);
      return true;
    }, `${VM} to be GPU-PV ready`);

    // the VM's tooltip lists the settings as they are now
    const row = rowLocator(p, await findRow(p, [...VMS, VM]));
    await row.hover();
    const hover = p.locator('.monaco-hover, .workbench-hover').filter({ hasText: VM }).first();
    await hover.waitFor({ state: 'visible' });
    const tip = (await hover.textContent()) ?? '';
    for (const expected of [
      'High MMIO space is 32 GB.',
      'Low MMIO space is 1 GB.',
      'Guest-controlled cache types are on.',
      'Checkpoints are disabled.',
      'Static memory.',
    ]) {
      assert.ok(tip.includes(expected), `tooltip has "${expected}": ${tip}`);
    }
    await p.mouse.move(1, (p.viewportSize()?.height ?? 800) - 1);
    await p.keyboard.press('Escape');
    await hover.waitFor({ state: 'hidden' });
  });

  it('saves a screenshot of the tree after the changes', async () => {
    const p = page();
    await p.locator('.part.editor').click({ position: { x: 300, y: 300 } });
    await p.waitForTimeout(300);
    await saveScreenshot(p, 'configure.png', await workbenchClip(p));
  });

  it(`refuses to change the ${GPU}’s partition count, naming the VMs that hold partitions`, async () => {
    const p = page();
    await runCommand(p, 'GPU-PV: Set GPU Partition Count…');
    await pickQuickItem(p, 'Choose a Hyper-V host', WORKSTATION);
    await pickQuickItem(p, 'Set the partition count of a GPU', GPU);
    const text = await waitForNotification(p, /^Cannot change the partition count of NVIDIA GeForce RTX 3060/);
    assert.match(
      text,
      new RegExp(
        `^Cannot change the partition count of ${GPU}: partitions of it are in use by 4 VMs \\(Build-Agent, GPU-Workstation, ` +
          `Grafik-Prüfstand, Render-Node\\)\\. Remove their GPU partitions first`,
      ),
    );
    await expandNotificationToast(p, 'Cannot change the partition count');
    await p.mouse.move(1, (p.viewportSize()?.height ?? 800) - 1);
    await p.waitForTimeout(300); // the toast's animation
    await saveScreenshot(p, 'configure-refusal.png', await workbenchClip(p, true));
  });
});
