/**
 * A stand-in for the `vscode` module, so unit tests in plain Node can load UI code: the classes the
 * tree builds (items, icons, colours, Markdown, events) behave like VS Code's as far as the tree
 * uses them; every other member is an inert function that returns undefined.
 */
import Module from 'node:module';

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

/** appendText escapes as VS Code's does (vs/base/common/htmlContent.ts). */
export class MarkdownString {
  constructor(
    public value = '',
    public supportThemeIcons = false,
  ) {}

  appendMarkdown(value: string): this {
    this.value += value;
    return this;
  }

  appendText(value: string): this {
    this.value += value
      .replace(/[\\`*_{}[\]()#+\-!~]/g, '\\$&')
      .replace(/([ \t]+)/g, (_match, spaces: string) => '&nbsp;'.repeat(spaces.length))
      .replace(/>/gm, '\\>')
      .replace(/\n/g, '\n\n');
    return this;
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  id?: string;
  description?: string | boolean;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon;
  contextValue?: string;
  command?: unknown;

  constructor(
    public label: string,
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

export class EventEmitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event = (listener: (value: T) => void): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of this.listeners) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}

const KNOWN: Record<string, unknown> = { ThemeColor, ThemeIcon, MarkdownString, TreeItemCollapsibleState, TreeItem, EventEmitter };

/** Anything else (window, commands, …): callable, with any member, doing nothing. */
function inert(): unknown {
  return new Proxy(() => undefined, { get: (_target, name) => (name === 'then' ? undefined : inert()) });
}

const stub = new Proxy(KNOWN, { get: (known, name: string) => (name in known ? known[name] : inert()) });

type Loader = (request: string, ...rest: unknown[]) => unknown;

/** Makes `require('vscode')` return the stub until the returned function is called. */
export function installVscodeStub(): () => void {
  const loader = Module as unknown as { _load: Loader };
  const original = loader._load;
  loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : original.call(this, request, ...rest);
  };
  return () => {
    loader._load = original;
  };
}
