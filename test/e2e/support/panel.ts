/**
 * The GPU-PV panel and the questions its fixes ask, for the e2e journeys that drive it: the page's
 * frame, its checklist lines, the palette command that opens it, and the MMIO fix run from it.
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { escapeRegExp, waitUntil } from './workbench';

export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

export function checkLine(frame: FrameLocator, id: string): Locator {
  return frame.locator(`li.check[data-check="${id}"]`);
}

/** Waits for the input box (or quick pick) titled `title`, types `value` (unless null: keep the proposal) and accepts it. */
export async function answerInput(page: Page, title: RegExp, value: string | null): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await waitUntil(
    async () => {
      if (!(await widget.isVisible())) throw new Error('no input box open');
      const shown = ((await widget.locator('.quick-input-title').textContent()) ?? '').trim();
      if (!title.test(shown)) throw new Error(`input titled "${shown}"`);
      return true;
    },
    `the input box ${String(title)}`,
  );
  const input = widget.locator('input.input');
  if (value !== null) await input.fill(value);
  await input.press('Enter');
  await waitUntil(
    async () => {
      const shown = (await widget.isVisible()) ? ((await widget.locator('.quick-input-title').textContent()) ?? '').trim() : '';
      return !title.test(shown);
    },
    `the input box ${String(title)} to close`,
  );
}

/** Presses `button` on the notification that says `message`. */
export async function answerNotification(page: Page, message: RegExp, button: string): Promise<void> {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: message }).first();
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  await toast.getByRole('button', { name: button, exact: true }).click();
}

/** The commands of the panel's primary (not secondary) buttons, once each. */
export async function primaryCommands(frame: FrameLocator): Promise<string[]> {
  const commands = await frame
    .locator('vscode-button:not([secondary])')
    .evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.command ?? b.textContent ?? ''));
  return [...new Set(commands)].sort();
}

/** Opens the panel of `target` (a VM or GPU) with "GPU-PV: Open GPU-PV Panel" and the quick pick of the host's GPUs and VMs. */
export async function openPanelFromPalette(p: Page, target: string): Promise<void> {
  const input = p.locator('.quick-input-widget input.input');
  const row = p.locator('.quick-input-list .monaco-list-row', { hasText: 'GPU-PV: Open GPU-PV Panel' }).first();
  // the palette lists our commands once the extension is known to the workbench: retry until then
  await waitUntil(
    async () => {
      await p.keyboard.press('Escape');
      await p.locator('.monaco-workbench').press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill('>GPU-PV: Open GPU-PV Panel');
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      return true;
    },
    'the command in the palette',
    40_000,
  );
  await row.click();
  // the quick pick of the host's GPUs and VMs (the host loads first)
  await waitUntil(
    async () => ((await p.locator('.quick-input-widget .quick-input-title').textContent()) ?? '').includes('Open the GPU-PV panel for'),
    'the panel target quick pick',
    40_000,
  );
  await input.fill(target);
  await p.locator('.quick-input-list .monaco-list-row', { hasText: target }).first().click();
  await panelFrame(p).getByRole('heading', { level: 1, name: target }).waitFor({ state: 'visible', timeout: 30_000 });
}

/**
 * Presses the failing MMIO line's "Set MMIO Space", keeps the low MMIO, sets 32 GB of high MMIO,
 * answers the confirmation and the offer to shut the running VM down (they come in either order)
 * and starts the VM again.
 */
export async function fixMmioFromPanel(p: Page, vm: string): Promise<void> {
  await checkLine(panelFrame(p), 'high-mmio')
    .getByRole('button', { name: /Set MMIO Space/ })
    .click();
  await answerInput(p, new RegExp(`^Low MMIO space of ${escapeRegExp(vm)}`), null);
  await answerInput(p, new RegExp(`^High MMIO space of ${escapeRegExp(vm)}`), '32768');
  const answered: string[] = [];
  for (let round = 0; round < 2; round++) {
    const dialog = p.locator('.monaco-dialog-box');
    const button = await waitUntil(async () => {
      if (!(await dialog.isVisible())) throw new Error('no dialog open');
      for (const name of ['Apply', 'Shut Down and Continue']) {
        if (!answered.includes(name) && (await dialog.getByRole('button', { name, exact: true }).isVisible())) return name;
      }
      throw new Error(`dialog buttons: ${JSON.stringify(await dialog.getByRole('button').allTextContents())}`);
    }, 'the Apply or Shut Down and Continue dialog');
    const text = ((await dialog.locator('.dialog-message-text').textContent()) ?? '').trim();
    await dialog.getByRole('button', { name: button, exact: true }).click();
    // gone, or replaced at once by the next one (the dialogs come in either order)
    await waitUntil(
      async () => !(await dialog.isVisible()) || ((await dialog.locator('.dialog-message-text').textContent()) ?? '').trim() !== text,
      `the dialog "${text}" to close`,
    );
    answered.push(button, text);
  }
  assert.ok(answered.includes('Apply') && answered.includes('Shut Down and Continue'), `dialogs: ${JSON.stringify(answered)}`);
  assert.ok(
    answered.some((t) => new RegExp(`of ${escapeRegExp(vm)}\\?$`).test(t)),
    `dialogs: ${JSON.stringify(answered)}`,
  );
  await answerNotification(p, new RegExp(`Start ${escapeRegExp(vm)} again\\?`), 'Start');
}
