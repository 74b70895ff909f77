/**
 * The questions a command asks, answered by a script: `vscode.window.showQuickPick`,
 * `showWarningMessage`, `showInformationMessage`, `showErrorMessage` and `showInputBox` are replaced
 * while a test runs (the extension and the tests share one `vscode` API object: both live in the
 * extension's folder) and restored after it. Everything asked is recorded, so a test can check a
 * refusal's text or the PowerShell shown in a confirmation's detail; an unscripted question is
 * answered as if the user pressed Escape.
 */
import * as assert from 'node:assert/strict';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export type AskKind = 'pick' | 'warning' | 'info' | 'error' | 'input';

/** One question the extension asked, and what the script answered. */
export interface Asked {
  readonly kind: AskKind;
  /** The message; for a quick pick or an input box its title (or placeholder). */
  readonly text: string;
  readonly detail: string | undefined;
  readonly modal: boolean;
  /** Button titles, or quick-pick labels. */
  readonly choices: readonly string[];
  /** Quick-pick items as given (label, description, …). */
  readonly items: readonly vscode.QuickPickItem[];
  /** An input box's validation. */
  readonly validate?: (value: string) => unknown;
  answer: string | undefined;
}

/** A label, a pattern for it, or a test of the whole item. */
type Choice = string | RegExp | ((item: vscode.QuickPickItem) => boolean);

interface Rule {
  readonly kind: AskKind;
  readonly match: RegExp;
  readonly answer: Choice | undefined | 'never';
  used: boolean;
}

const STUBBED = ['showQuickPick', 'showWarningMessage', 'showInformationMessage', 'showErrorMessage', 'showInputBox'] as const;

function matches(choice: Choice, item: vscode.QuickPickItem): boolean {
  if (typeof choice === 'string') return item.label === choice;
  if (choice instanceof RegExp) return choice.test(item.label);
  return choice(item);
}

export class ScriptedUi {
  /** A script installed for one test (a suite's beforeEach). */
  static installed(): ScriptedUi {
    const ui = new ScriptedUi();
    ui.install();
    return ui;
  }

  /**
   * Restores the real dialogs after `test` (a suite's afterEach); when it failed, prints what was
   * asked through the reporter's log, since the extension host ignores assignments to console.log.
   */
  restoreAfter(test: Mocha.Runnable | undefined): void {
    this.restore();
    if (test?.state === 'failed') Mocha.reporters.Base.consoleLog(`      asked:\n${this.transcript()}`);
  }

  readonly asked: Asked[] = [];
  private readonly rules: Rule[] = [];
  private readonly saved = new Map<string, unknown>();

  /**
   * The next question of `kind` whose text matches gets `answer` (once): a button title, a quick
   * pick item, typed text; undefined is Escape; 'never' leaves the question open for good (a
   * notification nobody answers).
   */
  on(kind: AskKind, match: RegExp, answer: Choice | undefined | 'never'): this {
    this.rules.push({ kind, match, answer, used: false });
    return this;
  }

  install(): void {
    const win = vscode.window as unknown as Record<string, unknown>;
    for (const name of STUBBED) this.saved.set(name, win[name]);
    win.showWarningMessage = (message: string, ...rest: unknown[]) => this.message('warning', message, rest);
    win.showInformationMessage = (message: string, ...rest: unknown[]) => this.message('info', message, rest);
    win.showErrorMessage = (message: string, ...rest: unknown[]) => this.message('error', message, rest);
    win.showQuickPick = (items: unknown, options?: vscode.QuickPickOptions) => this.quickPick(items, options);
    win.showInputBox = (options?: vscode.InputBoxOptions) => this.inputBox(options);
  }

  restore(): void {
    const win = vscode.window as unknown as Record<string, unknown>;
    for (const [name, original] of this.saved) win[name] = original;
    this.saved.clear();
  }

  /** Questions of one kind, e.g. every error message shown. */
  of(kind: AskKind): Asked[] {
    return this.asked.filter((a) => a.kind === kind);
  }

  /** The one question of `kind` matching `match`; fails listing everything that was asked. */
  find(kind: AskKind, match: RegExp): Asked {
    const found = this.asked.find((a) => a.kind === kind && match.test(a.text));
    assert.ok(found, `no ${kind} matching ${String(match)}; asked:\n${this.transcript()}`);
    return found;
  }

  /** Fails when a scripted answer was never asked for (the command took another path). */
  assertAllUsed(): void {
    const unused = this.rules.filter((r) => !r.used);
    assert.deepEqual(
      unused.map((r) => `${r.kind} ${String(r.match)}`),
      [],
      `scripted answers that were never asked for; asked:\n${this.transcript()}`,
    );
  }

  transcript(): string {
    return (
      this.asked
        .map((a) => `  ${a.kind}${a.modal ? ' (modal)' : ''}: ${a.text} [${a.choices.join(' | ')}] -> ${a.answer ?? 'Escape'}`)
        .join('\n') || '  (nothing)'
    );
  }

  private rule(kind: AskKind, text: string): Rule | undefined {
    const rule = this.rules.find((r) => !r.used && r.kind === kind && r.match.test(text));
    if (rule) rule.used = true;
    return rule;
  }

  private message(kind: AskKind, message: string, rest: unknown[]): Promise<string | vscode.MessageItem | undefined> {
    const first = rest[0];
    const options =
      typeof first === 'object' && first !== null && !('title' in first) ? (rest.shift() as vscode.MessageOptions) : undefined;
    const buttons = rest as Array<string | vscode.MessageItem>;
    const titles = buttons.map((b) => (typeof b === 'string' ? b : b.title));
    const asked: Asked = {
      kind,
      text: message,
      detail: options?.detail,
      modal: options?.modal === true,
      choices: titles,
      items: [],
      answer: undefined,
    };
    this.asked.push(asked);
    const rule = this.rule(kind, message);
    if (rule?.answer === 'never') return new Promise(() => undefined);
    if (!rule || rule.answer === undefined) return Promise.resolve(undefined);
    const index = titles.findIndex((t) => matches(rule.answer as Choice, { label: t }));
    assert.ok(index >= 0, `"${message}" offers [${titles.join(' | ')}], not ${String(rule.answer)}`);
    asked.answer = titles[index];
    return Promise.resolve(buttons[index]);
  }

  private async quickPick(itemsOrPromise: unknown, options: vscode.QuickPickOptions | undefined): Promise<unknown> {
    const raw = (await Promise.resolve(itemsOrPromise)) as Array<string | vscode.QuickPickItem>;
    const items = raw.map((i) => (typeof i === 'string' ? { label: i } : i));
    const text = options?.title ?? options?.placeHolder ?? '';
    const asked: Asked = {
      kind: 'pick',
      text,
      detail: undefined,
      modal: false,
      choices: items.map((i) => i.label),
      items,
      answer: undefined,
    };
    this.asked.push(asked);
    const rule = this.rule('pick', text);
    if (rule?.answer === 'never') return new Promise(() => undefined);
    if (!rule || rule.answer === undefined) return undefined;
    const index = items.findIndex((i) => matches(rule.answer as Choice, i));
    assert.ok(index >= 0, `quick pick "${text}" has no item ${String(rule.answer)}: [${asked.choices.join(' | ')}]`);
    asked.answer = items[index]!.label;
    return raw[index];
  }

  private async inputBox(options: vscode.InputBoxOptions | undefined): Promise<string | undefined> {
    const text = options?.title ?? options?.prompt ?? '';
    const validate = options?.validateInput ? (value: string) => options.validateInput!(value) : undefined;
    const asked: Asked = {
      kind: 'input',
      text,
      detail: options?.prompt,
      modal: false,
      choices: [],
      items: [],
      ...(validate ? { validate } : {}),
      answer: undefined,
    };
    this.asked.push(asked);
    const rule = this.rule('input', text);
    if (!rule || rule.answer === undefined || rule.answer === 'never' || typeof rule.answer !== 'string') return undefined;
    const problem = validate ? await validate(rule.answer) : undefined;
    assert.ok(!problem, `input "${text}" refuses ${rule.answer}: ${String(problem)}`);
    asked.answer = rule.answer;
    return rule.answer;
  }
}
