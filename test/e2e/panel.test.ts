/**
 * The GPU-PV panel in a real VS Code with the packaged extension: open it for the demo VM whose
 * guest shows code 43 because its high MMIO space is 512 MB ("Grafik-Prüfstand"), store its guest
 * credentials, read the failing checklist line and the device's problem code inside the webview,
 * press the fix, go through the dialogs (Apply, shut down and continue, start again), and see the
 * device become healthy and the line pass, and the page agree with itself (no problem count, no
 * readiness button as the primary action); then open the GPU and read each VM's share.
 *
 * Before the fix, in each of VS Code's four default themes (light, dark and both high-contrast
 * ones), every text of the VM's page and of the GPU's page is measured against its background
 * from the computed styles (support/contrastCheck.ts), and every status mark too: WCAG AA, 4.5:1
 * for text, 3:1 for large text, badges' outlines, markers and bars.
 *
 * Saves test-results/panel-light.png, panel-dark.png, panel-hc-dark.png and panel-hc-light.png, and
 * refreshes the README's media/screenshots/ copies when they are missing or GPUPV_UPDATE_SCREENSHOTS=1.
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { contrastFailures, measureContrast, type ContrastResult } from './support/contrastCheck';
import { answerInput, checkLine, fixMmioFromPanel, openPanelFromPalette, panelFrame, primaryCommands } from './support/panel';
import { escapeRegExp, saveScreenshot, waitUntil, workbenchJourney } from './support/workbench';

const HOST = { kind: 'simulated', name: 'Demo: Windows 11 workstation', scenario: 'win11-workstation' };
const VM = 'Grafik-Prüfstand';
const GPU = 'NVIDIA GeForce RTX 3060';

/** VS Code's default themes: the label in the theme picker, the workbench's class, the webview's theme kind. */
interface Theme {
  readonly label: string;
  readonly css: string;
  readonly kind: string;
  /** The README's picture of this theme, and which page it shows. */
  readonly screenshot: string;
  readonly page: 'vm' | 'gpu';
}
const THEMES: readonly Theme[] = [
  { label: 'Light Modern', css: 'light_modern', kind: 'vscode-light', screenshot: 'panel-light.png', page: 'vm' },
  { label: 'Dark Modern', css: 'dark_modern', kind: 'vscode-dark', screenshot: 'panel-dark.png', page: 'gpu' },
  { label: 'Dark High Contrast', css: 'hc_black', kind: 'vscode-high-contrast', screenshot: 'panel-hc-dark.png', page: 'vm' },
  { label: 'Light High Contrast', css: 'hc_light', kind: 'vscode-high-contrast-light', screenshot: 'panel-hc-light.png', page: 'gpu' },
];
/** What each page must show for its check to mean something: every kind of status mark. */
const MEASURED: Record<Theme['page'], readonly string[]> = {
  vm: [
    '.badge-pass',
    '.badge-fail',
    '.badge-unknown',
    '.ok',
    '.error-text',
    'vscode-button:not([secondary])',
    'vscode-button[secondary]',
    '.summary',
  ],
  gpu: ['.bar-fill', '.notice', 'vscode-button[secondary]'],
};

/**
 * Switches the colour theme the way a user does (Preferences: Color Theme, which writes
 * `workbench.colorTheme`), and waits until the workbench and the panel's page both use it.
 */
async function setTheme(page: Page, theme: Theme): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await page.keyboard.press('Escape');
  await page.locator('.monaco-workbench').press('F1');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
  await waitUntil(
    async () =>
      ((await page.locator('.quick-input-widget .quick-input-title').textContent()) ?? '').includes('Color Theme') ||
      (await input.getAttribute('placeholder'))?.includes('Color Theme'),
    'the theme picker',
  );
  await input.fill(theme.label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: theme.label }).first().waitFor({ state: 'visible' });
  await input.press('Enter');
  await waitUntil(
    async () => (await page.locator('.monaco-workbench').getAttribute('class'))?.includes(`themes-${theme.css}-json`),
    `the workbench in ${theme.label}`,
  );
  await waitUntil(
    async () => (await panelFrame(page).locator('body').getAttribute('data-vscode-theme-kind')) === theme.kind,
    `the panel in ${theme.label}`,
  );
}

/** Opens the VM's or the GPU's page from the panel's navigation. */
async function showPage(frame: FrameLocator, which: Theme['page']): Promise<void> {
  const name = which === 'vm' ? VM : GPU;
  await frame
    .getByRole('navigation')
    .getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}`) })
    .click();
  await frame.getByRole('heading', { level: 1, name }).waitFor({ state: 'visible' });
}

/**
 * Measures the page shown and returns what falls below WCAG AA, after checking that the page holds
 * every kind of status mark (a check of nothing passes nothing).
 */
async function contrastProblems(page: Page, theme: Theme, which: Theme['page']): Promise<string[]> {
  const frame = panelFrame(page);
  await page.mouse.move(5, 5);
  const missing: string[] = [];
  for (const selector of MEASURED[which]) if ((await frame.locator(selector).count()) === 0) missing.push(`no ${selector} to measure`);
  const results = await measureContrast(frame.locator('body'));
  const lowest = (kind: ContrastResult['kind']) =>
    results.filter((r) => r.kind === kind).reduce((min, r) => (r.ratio < min.ratio ? r : min));
  const text = lowest('text');
  const mark = lowest('non-text');
  console.log(
    `      ${theme.label}, ${which} page: ${results.length} measured; lowest text ${text.ratio.toFixed(2)}:1 ` +
      `(${text.what}), lowest mark ${mark.ratio.toFixed(2)}:1 (${mark.what})`,
  );
  return [...missing, ...contrastFailures(results)].map((problem) => `${which} page: ${problem}`);
}

async function savePanelScreenshot(page: Page, name: string): Promise<void> {
  await panelFrame(page)
    .locator('body')
    .evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(5, 5);
  await page.waitForTimeout(300);
  const box = await page.locator('.part.editor').boundingBox();
  assert.ok(box, 'the editor area has no bounding box');
  await saveScreenshot(page, name, box);
}

describe('GPU-PV panel: diagnose and fix code 43 (packaged extension in code-server)', function () {
  this.timeout(90_000);
  const page = workbenchJourney({
    name: 'e2e-panel',
    viewport: { width: 1280, height: 1000 },
    settings: { 'gpupv.hosts': [HOST], 'gpupv.refreshIntervalSeconds': 0, 'workbench.colorTheme': THEMES[0]!.label },
  });

  it(`opens the panel for "${VM}" from the command palette`, async () => {
    const p = page();
    await p
      .locator('.part.activitybar')
      .getByRole('tab', { name: /Hyper-V GPU-PV/ })
      .waitFor({ state: 'visible', timeout: 30_000 });
    // more room for the panel: hide the side bar (Ctrl+B toggles it; the Explorer is open at start)
    if (await p.locator('.part.sidebar').isVisible()) await p.locator('.monaco-workbench').press('Control+B');
    await openPanelFromPalette(p, VM);
  });

  it('asks for the guest credentials from the panel and stores them', async () => {
    const p = page();
    const frame = panelFrame(p);
    const guestLine = checkLine(frame, 'guest-device');
    await waitUntil(async () => (await guestLine.getAttribute('data-status')) === 'unknown', 'the guest line to be unknown');
    assert.match((await guestLine.textContent()) ?? '', /no guest credentials are stored/);
    await guestLine.getByRole('button', { name: /Set Guest Credentials/ }).click();
    await answerInput(p, /^Guest credentials of Grafik-Prüfstand \(1\/2\)/, 'prüfer');
    await answerInput(p, /^Guest credentials of Grafik-Prüfstand \(2\/2\)/, 'gpupv');
  });

  it('shows the failing MMIO line and the guest device with code 43', async () => {
    const frame = panelFrame(page());
    const guestLine = checkLine(frame, 'guest-device');
    await waitUntil(async () => (await guestLine.getAttribute('data-status')) === 'fail', 'the guest device line to fail', 30_000);
    assert.match((await guestLine.textContent()) ?? '', /\(Code 43\)/);
    const mmio = checkLine(frame, 'high-mmio');
    assert.equal(await mmio.getAttribute('data-status'), 'fail');
    assert.match((await mmio.textContent()) ?? '', /High MMIO space is 512 MB: below 8 GB the guest driver fails with code 43\./);
    const device = frame.locator('table.devices tbody tr', { hasText: GPU });
    assert.match((await device.textContent()) ?? '', /Problem: code 43/);
    assert.match((await device.textContent()) ?? '', /Windows has stopped this device because it has reported problems\. \(Code 43\)/);
    // one primary action, and it is the fix of the code 43
    assert.deepEqual(await primaryCommands(frame), ['gpupv.setMmio']);
  });

  for (const theme of THEMES) {
    it(`meets WCAG AA contrast in ${theme.label}: every text and status mark of the VM's and the GPU's page`, async () => {
      const p = page();
      const frame = panelFrame(p);
      await setTheme(p, theme); // the starting theme too: proves that the setting took
      const other = theme.page === 'vm' ? 'gpu' : 'vm';
      await showPage(frame, other);
      const problems = await contrastProblems(p, theme, other);
      await showPage(frame, theme.page);
      problems.push(...(await contrastProblems(p, theme, theme.page)));
      await savePanelScreenshot(p, theme.screenshot);
      if (theme.page === 'gpu') await showPage(frame, 'vm');
      assert.ok(problems.length === 0, `below WCAG AA in ${theme.label}:\n${problems.join('\n')}`);
    });
  }

  it('at about 700 px the side navigation folds above the page and the Device Manager table breaks no word', async () => {
    const p = page();
    const frame = panelFrame(p);
    const editorWidth = async () => (await p.locator('.part.editor').boundingBox())?.width ?? 0;
    // The side bar is hidden: the editor is the window less the activity bar.
    await p.setViewportSize({ width: 700 + (1280 - (await editorWidth())), height: 1000 });
    try {
      await waitUntil(async () => Math.abs((await editorWidth()) - 700) <= 8, 'an editor about 700 px wide');
      const layout = await frame.locator('.layout').evaluate((el) => {
        const nav = el.querySelector('nav')!.getBoundingClientRect();
        const content = el.querySelector('.content')!.getBoundingClientRect();
        return {
          columns: getComputedStyle(el).gridTemplateColumns.split(' ').length,
          navAbove: nav.bottom <= content.top + 1,
          width: el.clientWidth,
        };
      });
      assert.ok(layout.width >= 600 && layout.width <= 700, `the page is ${layout.width} px wide`);
      assert.equal(layout.columns, 1, 'one column: the navigation is above, not beside');
      assert.ok(layout.navAbove, 'the navigation is above the page');
      // A word split over two lines shows as two rectangles at different heights.
      const broken = await frame.locator('table.devices').evaluate((table) => {
        const split: string[] = [];
        for (const cell of Array.from(table.querySelectorAll('th, td'))) {
          if (cell.querySelector('.path')) continue;
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const word of (node.textContent ?? '').matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(node, word.index!);
              range.setEnd(node, word.index! + word[0].length);
              const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
              if (tops.size > 1) split.push(word[0]);
            }
          }
        }
        return split;
      });
      assert.deepEqual(broken, [], 'words of the Device Manager table broken across lines');
    } finally {
      await p.setViewportSize({ width: 1280, height: 1000 });
    }
  });

  it('runs the fix through the same command as the tree: Apply, shut down, start again', async () => {
    await fixMmioFromPanel(page(), VM);
  });

  it('sees the device become healthy and the line pass, without reopening the panel', async () => {
    const frame = panelFrame(page());
    await waitUntil(
      async () => (await checkLine(frame, 'high-mmio').getAttribute('data-status')) === 'pass',
      'the MMIO line to pass',
      30_000,
    );
    await waitUntil(
      async () => (await checkLine(frame, 'guest-device').getAttribute('data-status')) === 'pass',
      'the guest device line to pass',
      30_000,
    );
    assert.match((await checkLine(frame, 'guest-device').textContent()) ?? '', /NVIDIA GeForce RTX 3060: working properly/);
    const device = frame.locator('table.devices tbody tr', { hasText: GPU });
    assert.match((await device.textContent()) ?? '', /Working/);
  });

  it('then agrees with itself: no problem count, no failing line, no Make GPU-PV Ready as the primary action', async () => {
    const frame = panelFrame(page());
    assert.doesNotMatch((await frame.locator('.summary').textContent()) ?? '', /\d+ problem/);
    assert.equal(await frame.locator('li.check[data-status="fail"]').count(), 0);
    assert.deepEqual(await primaryCommands(frame), []);
    // the driver line names the package the guest holds, so it cannot fail: it was not copied by a sync, so its version is unknown
    const driver = checkLine(frame, 'guest-driver-package');
    assert.match((await driver.textContent()) ?? '', /HostDriverStore holds nv_dispi\.inf_amd64_4bf4c17fa8a478b5/);
    assert.equal(await driver.getAttribute('data-status'), 'unknown');
    // the guest's display driver is the Virtual Render driver every GPU-PV guest shows: expected, not compared with the host's
    const drivers = await frame.locator('table.drivers tbody tr').evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').trim()));
    assert.equal(drivers.length, 3, JSON.stringify(drivers));
    assert.match(drivers[0]!, /^Host.*32\.0\.15\.6094/);
    assert.match(drivers[1]!, /HostDriverStore.*nv_dispi\.inf_amd64_4bf4c17fa8a478b5/);
    assert.match(drivers[2]!, /Virtual Render driver .*vrd\.inf.*expected/i);
  });

  it(`opens the GPU "${GPU}" and reads each VM's share of its resources`, async () => {
    const p = page();
    const frame = panelFrame(p);
    await frame.getByRole('navigation').getByRole('button', { name: GPU }).click();
    await frame.getByRole('heading', { level: 1, name: GPU }).waitFor({ state: 'visible' });
    assert.match((await frame.locator('.notice').first().textContent()) ?? '', /placeholders the driver ignores/);
    assert.match((await frame.locator('.partitions').first().textContent()) ?? '', /^3 of 32 in use/);
    const shares = async (kind: string) =>
      frame
        .locator(`table[data-resource="${kind}"] tbody tr`)
        .evaluateAll((rows) => rows.map((r) => Array.from(r.children).map((c) => (c.textContent ?? '').trim())));
    const vram = await shares('VRAM');
    assert.deepEqual(
      vram.map((cells) => [cells[0], cells[2], cells[3]]),
      [
        ['GPU-Workstation', '500,000,000 (placeholder)', '50%'],
        [VM, 'not set (shares the whole GPU)', '—'],
        ['Render-Node', 'not set (shares the whole GPU)', '—'],
        ['Available', 'not tracked (every VM shares the whole GPU)', '—'],
        ['Total', '1,000,000,000 (placeholder)', '100%'],
      ],
    );
    const encode = await shares('Encode');
    assert.deepEqual(encode[0]!.slice(2), ['9,223,372,036,854,775,808 (placeholder)', '50%']);
    assert.equal(encode[encode.length - 1]![2], '18,446,744,073,709,551,615 (placeholder)');
  });
});
