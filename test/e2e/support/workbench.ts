/**
 * e2e support: a real VS Code (code-server) with the PACKAGED extension installed from its .vsix,
 * a fresh profile, and Debian's Chromium looking at it through playwright-core.
 *
 * The heavy lifting lives in scripts/vscode/*.mjs (shared with the integration runner and the demo);
 * this file gives the tests a typed view of it. scripts/vscode/run-e2e.mjs packages the .vsix once
 * and passes its path in GPUPV_VSIX; without it (mocha started by hand) the first test packages it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const CONTAINER_TITLE = 'Hyper-V GPU-PV';

interface CodeServer {
  url: string;
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  logFile: string;
  readyMs: number;
  stop(): Promise<void>;
}

interface Harness {
  startCodeServer(o: {
    runDir?: string;
    settings?: Record<string, unknown>;
    env?: Record<string, string>;
    name?: string;
  }): Promise<CodeServer>;
  installExtension(o: { vsix: string; userDataDir: string; extensionsDir: string }): string;
  launchChromium(o?: { headless?: boolean }): Promise<Browser>;
  freshRunDir(name: string): string;
  workbenchUrl(url: string, o: { folder: string }): string;
  tail(file: string, lines?: number): string;
}

// TypeScript compiles `import()` to `require()` under CommonJS; these helpers are ES modules.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

async function harness(): Promise<Harness> {
  return (await importEsm(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'vscode', 'codeServer.mjs')).href)) as Harness;
}

async function vsixPath(): Promise<string> {
  if (process.env.GPUPV_VSIX && fs.existsSync(process.env.GPUPV_VSIX)) return process.env.GPUPV_VSIX;
  const runtime = (await importEsm(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'vscode', 'ensure-runtime.mjs')).href)) as {
    ensureRuntime(): unknown;
  };
  runtime.ensureRuntime();
  const pkg = (await importEsm(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'vscode', 'package-vsix.mjs')).href)) as {
    packageVsix(): string;
  };
  process.env.GPUPV_VSIX = pkg.packageVsix();
  return process.env.GPUPV_VSIX;
}

export interface Workbench {
  page: Page;
  browser: Browser;
  server: CodeServer;
  /** Stops Chromium and code-server; removes the run dir unless the run failed or GPUPV_KEEP_RUNS is set. */
  close(opts?: { keepRunDir?: boolean }): Promise<void>;
}

export interface WorkbenchOptions {
  /** run dir prefix under .cache/runs */
  name?: string;
  /** user settings over the harness defaults */
  settings?: Record<string, unknown>;
  /** environment of code-server, so of the extension host */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
}

/** Installs the .vsix into a fresh profile, starts code-server, opens the workbench and waits for it. */
export async function openWorkbench(o: WorkbenchOptions = {}): Promise<Workbench> {
  const h = await harness();
  const vsix = await vsixPath();
  const runDir = h.freshRunDir(o.name ?? 'e2e');
  const userDataDir = path.join(runDir, 'ud');
  const extensionsDir = path.join(runDir, 'ext');
  h.installExtension({ vsix, userDataDir, extensionsDir });
  const server = await h.startCodeServer({ runDir, settings: o.settings ?? {}, env: o.env ?? {} });
  let browser: Browser | undefined;
  try {
    browser = await h.launchChromium();
    const page = await browser.newPage({ viewport: o.viewport ?? { width: 1200, height: 720 } });
    page.setDefaultTimeout(20_000);
    await page.goto(h.workbenchUrl(server.url, { folder: server.workspace }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // the activity bar is drawn once the extension points are read; that's the "ready" sign we need
    await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
    const b = browser;
    return {
      page,
      browser: b,
      server,
      async close({ keepRunDir = false } = {}) {
        await b.close().catch(() => undefined);
        await server.stop();
        if (!keepRunDir && !process.env.GPUPV_KEEP_RUNS) fs.rmSync(runDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\ncode-server log (${server.logFile}):\n${h.tail(server.logFile, 15)}`);
  }
}

/** Saves a screenshot of the page under test-results/ for a failed test; returns its path. */
export async function screenshotOnFailure(page: Page | undefined, title: string): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(
    RESULTS_DIR,
    `${title
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80)}.png`,
  );
  await page.screenshot({ path: file }).catch(() => undefined);
  return file;
}

type Falsy = undefined | null | false | 0 | '';

/**
 * Polls `check` until it returns a truthy value, or fails with `what` and the last value seen; a
 * check may throw to say why it is not satisfied yet (the last message ends up in the failure).
 */
export async function waitUntil<T>(check: () => Promise<T | Falsy> | T | Falsy, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as T;
      last = value;
    } catch (e) {
      last = e instanceof Error ? e.message : e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what} (last: ${typeof last === 'string' ? last : JSON.stringify(last)})`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The side bar (where our view container opens). */
export function sideBar(page: Page): Locator {
  return page.locator('.part.sidebar');
}

/** A tree row in the side bar whose accessible name (label + description) starts with `label`. */
export function treeItem(page: Page, label: string): Locator {
  return sideBar(page).getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(label)}(\\s|$)`) });
}

export interface TreeRow {
  index: number;
  level: number;
  name: string;
  expanded: 'true' | 'false' | null;
}

/** The rendered rows of the side bar's tree(s), in visual order (the list is virtual: DOM order is not). */
export async function treeRows(page: Page): Promise<TreeRow[]> {
  return sideBar(page)
    .locator('[role="treeitem"]')
    .evaluateAll((els) =>
      els
        .map((el) => ({
          index: Number(el.getAttribute('data-index') ?? '0'),
          level: Number(el.getAttribute('aria-level') ?? '0'),
          name: el.getAttribute('aria-label') ?? el.textContent ?? '',
          expanded: el.getAttribute('aria-expanded') as 'true' | 'false' | null,
        }))
        .sort((a, b) => a.index - b.index),
    );
}

/** The rows directly under the row `parent` (which must be rendered). */
export function childrenOf(rows: TreeRow[], parent: TreeRow): TreeRow[] {
  const start = rows.findIndex((r) => r.index === parent.index);
  const out: TreeRow[] = [];
  for (let i = start + 1; i < rows.length && rows[i].level > parent.level; i++) {
    if (rows[i].level === parent.level + 1) out.push(rows[i]);
  }
  return out;
}

/** Expands a tree row if it is collapsed and waits until the tree says it is expanded. */
export async function expand(row: Locator, what: string): Promise<void> {
  await row.waitFor({ state: 'visible' });
  const state = await row.getAttribute('aria-expanded');
  if (state === null) throw new Error(`${what} cannot be expanded (it has no children)`);
  if (state === 'false') {
    await row.click();
  }
  await waitUntil(async () => (await row.getAttribute('aria-expanded')) === 'true', `${what} to expand`);
}

/** The accessible name is the label, then a space and the description when there is one. */
export function hasLabel(name: string, label: string): boolean {
  return name === label || name.startsWith(`${label} `);
}

/**
 * The rendered row at `path` (labels from a root down, e.g. [host, 'GPUs']); throws, saying what is
 * there instead, while it is not rendered. Row indexes shift as rows above expand: find, then use.
 */
export async function findRow(page: Page, path: string[]): Promise<TreeRow> {
  const rows = await treeRows(page);
  let candidates = rows.filter((r) => r.level === 1);
  let found: TreeRow | undefined;
  for (const label of path) {
    found = candidates.find((r) => hasLabel(r.name, label));
    if (!found) {
      throw new Error(`no row "${path.join(' > ')}"; at that level: ${JSON.stringify(candidates.map((r) => r.name))}`);
    }
    candidates = childrenOf(rows, found);
  }
  if (!found) throw new Error('empty tree path');
  return found;
}

/** The names of the rows directly under the row at `path`. */
export async function childNames(page: Page, path: string[]): Promise<string[]> {
  const rows = await treeRows(page);
  return childrenOf(rows, await findRow(page, path)).map((r) => r.name);
}

/** A locator for a row found with findRow (by its list index). */
export function rowLocator(page: Page, row: TreeRow): Locator {
  return sideBar(page).locator(`[role="treeitem"][data-index="${row.index}"]`);
}

/** Expands the row at `path` (waiting for it to be rendered first). */
export async function expandPath(page: Page, path: string[]): Promise<void> {
  const row = await waitUntil(() => findRow(page, path), path.join(' > '));
  await expand(rowLocator(page, row), path.join(' > '));
}

/** Drags the sash between the side bar and the editor so the side bar is `width` pixels wide. */
export async function resizeSideBar(page: Page, width: number): Promise<void> {
  const bar = await sideBar(page).boundingBox();
  if (!bar) return;
  const y = bar.y + bar.height / 2;
  const x = bar.x + bar.width + 1;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(bar.x + width, y, { steps: 5 });
  await page.mouse.up();
}

// ---- command palette, quick picks, dialogs, notifications ------------------------------------------

/** The quick input (command palette, quick picks). */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** The rows of the quick input's list whose label is exactly `label`. */
function quickInputRows(page: Page, label: string): Locator {
  return quickInput(page)
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) });
}

/** Runs a command from the palette (F1) by its full title, e.g. "GPU-PV: Assign GPU Partition…". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape'); // nothing else open over the workbench
  await page.locator('.monaco-workbench').press('F1');
  const input = quickInput(page).locator('input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = quickInputRows(page, title).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/**
 * Waits for the quick pick titled `title` (so not the one before it), filters it by `label` and
 * picks the row whose label is exactly `label`.
 */
export async function pickQuickItem(page: Page, title: string | RegExp, label: string): Promise<void> {
  const widget = quickInput(page);
  await waitUntil(
    async () => {
      if (!(await widget.isVisible())) throw new Error('no quick pick open');
      const shown = (await widget.locator('.quick-input-title').textContent())?.trim() ?? '';
      if (typeof title === 'string' ? shown !== title : !title.test(shown)) throw new Error(`quick pick titled "${shown}"`);
      return true;
    },
    `the quick pick "${String(title)}"`,
  );
  await widget.locator('input.input').fill(label);
  const row = quickInputRows(page, label).first();
  await waitUntil(
    async () => {
      if (await row.isVisible()) return true;
      throw new Error(`rows: ${JSON.stringify(await widget.locator('.quick-input-list .monaco-list-row .label-name').allTextContents())}`);
    },
    `"${label}" in the quick pick "${String(title)}"`,
  );
  await row.click();
}

export interface DialogText {
  message: string;
  detail: string;
}

/**
 * Waits for the modal dialog whose message matches, reads it, and presses `button`; returns once
 * that dialog is gone (closed, or replaced by the next one, e.g. "Shut Down and Continue").
 */
export async function answerDialog(page: Page, message: RegExp, button: string): Promise<DialogText> {
  const dialog = page.locator('.monaco-dialog-box');
  const text = await waitUntil(
    async () => {
      if (!(await dialog.isVisible())) throw new Error('no dialog open');
      const shown = ((await dialog.locator('.dialog-message-text').textContent()) ?? '').trim();
      if (!message.test(shown)) throw new Error(`dialog says "${shown}"`);
      return { message: shown, detail: ((await dialog.locator('.dialog-message-detail').textContent()) ?? '').trim() };
    },
    `a dialog ${String(message)}`,
  );
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await waitUntil(async () => {
    if (!(await dialog.isVisible())) return true;
    return ((await dialog.locator('.dialog-message-text').textContent()) ?? '').trim() !== text.message;
  }, `the dialog "${text.message}" to close`);
  return text;
}

/**
 * The text of the notification matching `message`: a toast, or (once toasts are hidden, e.g. after
 * a while or behind another notification) an entry of the notification centre, opened if needed.
 */
export async function waitForNotification(page: Page, message: RegExp, timeoutMs = 20_000): Promise<string> {
  const started = Date.now();
  let openedCentre = false;
  return waitUntil(
    async () => {
      const texts = await page
        .locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message')
        .allTextContents();
      const found = texts.find((t) => message.test(t));
      if (found) return found;
      if (!openedCentre && Date.now() - started > timeoutMs / 3) {
        openedCentre = true;
        await page.locator('.monaco-workbench').press('F1');
        await quickInput(page).locator('input.input').fill('>Notifications: Show Notifications');
        await page.keyboard.press('Enter');
      }
      throw new Error(`notifications: ${JSON.stringify(texts)}`);
    },
    `a notification ${String(message)}`,
    timeoutMs,
  );
}

/** Expands the toast that contains `text` when its message is cut to one line (for a screenshot). */
export async function expandNotificationToast(page: Page, text: string): Promise<void> {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  await toast.waitFor({ state: 'visible' });
  await toast.hover();
  const expand = toast.locator('.codicon-notifications-expand');
  if (await expand.isVisible()) {
    const before = (await toast.boundingBox())?.height ?? 0;
    await expand.click();
    await waitUntil(async () => ((await toast.boundingBox())?.height ?? 0) > before, 'the notification to expand');
  }
}

/**
 * The mocha hooks of one e2e journey: a workbench opened once for all its steps, a screenshot of
 * the step that failed, the rest skipped (they could only fail for the same reason, and the
 * failure is already reported), the run folder kept when anything failed. Returns the page getter.
 */
export function workbenchJourney(options: WorkbenchOptions): (() => Page) & { readonly workbench: () => Workbench } {
  let wb: Workbench | undefined;
  let failed = false;
  before(async function () {
    this.timeout(180_000);
    wb = await openWorkbench(options);
  });
  beforeEach(function () {
    if (failed) this.skip();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      failed = true;
      const file = await screenshotOnFailure(wb?.page, `e2e ${this.currentTest.fullTitle()}`);
      if (file) console.log(`      screenshot: ${path.relative(REPO_ROOT, file)}`);
    }
  });
  after(async () => {
    await wb?.close({ keepRunDir: failed });
  });
  const current = (): Workbench => {
    assert.ok(wb, 'the workbench did not open');
    return wb;
  };
  // The page for the steps; `.workbench()` for what lies around it (code-server's profile folders).
  return Object.assign(() => current().page, { workbench: current });
}

/**
 * Saves a screenshot of `clip` as test-results/<name>, and copies it to media/screenshots/ (the
 * README's) when it is missing there or GPUPV_UPDATE_SCREENSHOTS=1, so a test run does not churn them.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  clip: { x: number; y: number; width: number; height: number },
): Promise<string> {
  const file = path.join(RESULTS_DIR, name);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: file, clip });
  assert.ok(fs.statSync(file).size > 1000, `${name} is empty`);
  const readme = path.join(REPO_ROOT, 'media', 'screenshots', name);
  if (process.env.GPUPV_UPDATE_SCREENSHOTS === '1' || !fs.existsSync(readme)) {
    fs.mkdirSync(path.dirname(readme), { recursive: true });
    fs.copyFileSync(file, readme);
    console.log(`      updated ${path.relative(REPO_ROOT, readme)}`);
  }
  return file;
}

/** The activity bar and the side bar, full height (title and status bar show it is VS Code); with `wide`, the whole workbench. */
export async function workbenchClip(page: Page, wide = false): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('.monaco-workbench').boundingBox();
  assert.ok(box, 'the workbench has no bounding box');
  const bar = await sideBar(page).boundingBox();
  const width = wide ? box.width : Math.min(box.width, Math.round(bar ? bar.x + bar.width + 2 : 560));
  return { x: box.x, y: box.y, width, height: box.height };
}
