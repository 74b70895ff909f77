/**
 * The newcomer's first minute, in a real VS Code with the packaged extension: open the activity-bar
 * tab, press "Open Demo Hosts" in the empty Hosts view, expand the tree and see the simulated hosts,
 * their GPUs and their virtual machines. Saves test-results/tree.png, and refreshes the README's
 * media/screenshots/tree.png when it is missing or GPUPV_UPDATE_SCREENSHOTS=1 (so a test run does
 * not leave a changed tracked file behind).
 *
 * The steps run in order and share one workbench; after a failed step the rest are skipped and a
 * screenshot of the moment lands in test-results/.
 */
import * as assert from 'node:assert/strict';
import {
  childNames,
  CONTAINER_TITLE,
  expandPath,
  hasLabel,
  resizeSideBar,
  saveScreenshot,
  sideBar,
  treeItem,
  treeRows,
  waitUntil,
  workbenchClip,
  workbenchJourney,
} from './support/workbench';

const HOSTS = ['Demo: Windows 11 workstation', 'Demo: Windows 10 laptop', 'Demo: Server 2025 (SR-IOV)'];
const WORKSTATION = HOSTS[0];
const WORKSTATION_GPUS = ['NVIDIA GeForce RTX 3060', 'Intel(R) UHD Graphics 770'];
const GROUPS = ['GPUs', 'Virtual machines'];

describe('Hosts view with the demo hosts (packaged extension in code-server)', function () {
  this.timeout(60_000);
  const page = workbenchJourney({ name: 'e2e-hosts-tree', viewport: { width: 1100, height: 820 } });

  it(`has a "${CONTAINER_TITLE}" tab in the activity bar that opens the Hosts view`, async () => {
    const tab = page()
      .locator('.part.activitybar')
      .getByRole('tab', { name: new RegExp(CONTAINER_TITLE) });
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    await tab.click();
    // wide enough for the host names in the README screenshot
    await resizeSideBar(page(), 520);
    await sideBar(page())
      .getByRole('heading', { name: /Hosts/i })
      .or(sideBar(page()).locator('.pane-header', { hasText: 'Hosts' }))
      .first()
      .waitFor({ state: 'visible' });
  });

  it('shows the welcome content with an "Open Demo Hosts" button while no host is configured', async () => {
    const button = sideBar(page()).getByRole('button', { name: 'Open Demo Hosts' });
    await button.waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('adds the three demo hosts when the button is pressed', async () => {
    await sideBar(page()).getByRole('button', { name: 'Open Demo Hosts' }).click();
    for (const host of HOSTS) await treeItem(page(), host).waitFor({ state: 'visible', timeout: 30_000 });
    const roots = (await treeRows(page())).filter((r) => r.level === 1).map((r) => r.name);
    for (const host of HOSTS) {
      assert.ok(
        roots.some((name) => name.startsWith(host)),
        `no root node for ${host}; roots: ${JSON.stringify(roots)}`,
      );
    }
  });

  it(`lists the GPUs of "${WORKSTATION}"`, async () => {
    await expandPath(page(), [WORKSTATION]);
    const groups = await waitUntil(
      async () => {
        const kids = await childNames(page(), [WORKSTATION]);
        if (!GROUPS.every((g) => kids.some((k) => hasLabel(k, g)))) throw new Error(`children: ${JSON.stringify(kids)}`);
        return kids;
      },
      `the groups ${GROUPS.join(', ')} under ${WORKSTATION}`,
    );
    assert.equal(groups.length, 2, `expected exactly the two groups under ${WORKSTATION}: ${JSON.stringify(groups)}`);

    await expandPath(page(), [WORKSTATION, 'GPUs']);
    await waitUntil(
      async () => {
        const gpus = await childNames(page(), [WORKSTATION, 'GPUs']);
        const missing = WORKSTATION_GPUS.filter((gpu) => !gpus.some((k) => hasLabel(k, gpu)));
        if (missing.length) throw new Error(`missing ${JSON.stringify(missing)} among ${JSON.stringify(gpus)}`);
        return true;
      },
      `the GPUs ${WORKSTATION_GPUS.join(', ')}`,
    );
    // and the way a person (or a screen reader) finds them
    for (const gpu of WORKSTATION_GPUS) await treeItem(page(), gpu).first().waitFor({ state: 'visible' });
  });

  it(`lists the virtual machines of "${WORKSTATION}"`, async () => {
    await expandPath(page(), [WORKSTATION, 'Virtual machines']);
    const vms = await waitUntil(async () => {
      const kids = await childNames(page(), [WORKSTATION, 'Virtual machines']);
      if (kids.length === 0) throw new Error('no rows under Virtual machines');
      return kids;
    }, `virtual machines under ${WORKSTATION}`);
    for (const vm of vms) assert.ok(vm.trim().length > 0, 'a VM row without a name');
  });

  it('shows the groups of the other demo hosts', async () => {
    for (const name of HOSTS.slice(1)) {
      await expandPath(page(), [name]);
      await waitUntil(
        async () => {
          const kids = await childNames(page(), [name]);
          if (!GROUPS.every((g) => kids.some((k) => hasLabel(k, g)))) throw new Error(`children: ${JSON.stringify(kids)}`);
          return true;
        },
        `the groups ${GROUPS.join(', ')} under ${name}`,
      );
    }
  });

  it('saves a screenshot of the expanded tree for the README', async () => {
    const p = page();
    // no hover, focus ring or tooltip in the picture
    await p.mouse.move(p.viewportSize()?.width ?? 1200, (p.viewportSize()?.height ?? 720) - 1);
    await p.locator('.part.editor').click({ position: { x: 300, y: 300 } });
    await p.waitForTimeout(300);
    await saveScreenshot(p, 'tree.png', await workbenchClip(p));
  });
});
