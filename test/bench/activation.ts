/**
 * Loads the bundled extension outside VS Code with a minimal stand-in for the `vscode` module and
 * times `activate()`; counts child processes spawned meanwhile (the target is none).
 */
import Module from 'node:module';
import * as path from 'node:path';

class Emitter<T> {
  private listeners: Array<(e: T) => void> = [];
  event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => undefined };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {}
}

/** Any API the stand-in does not spell out is a function that registers nothing and returns a disposable. */
function withFallback<T extends object>(known: T): T {
  const disposable = { dispose: () => undefined };
  return new Proxy(known, { get: (target, key) => (key in target ? target[key as keyof T] : () => disposable) });
}

function vscodeStandIn(): unknown {
  const disposable = { dispose: () => undefined };
  const configuration = {
    get: (key: string) => (key === 'hosts' ? [{ kind: 'simulated', name: 'Bench', scenario: 'win11-workstation' }] : undefined),
    inspect: () => ({ globalValue: [{ kind: 'simulated', name: 'Bench', scenario: 'win11-workstation' }] }),
    update: async () => undefined,
  };
  return {
    EventEmitter: Emitter,
    TreeItem: class {},
    ThemeIcon: class {},
    ThemeColor: class {},
    MarkdownString: class {},
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ConfigurationTarget: { Global: 1 },
    Uri: {
      joinPath: (base: { fsPath: string }, ...parts: string[]) => ({ fsPath: path.join(base.fsPath, ...parts) }),
      file: (fsPath: string) => ({ fsPath }),
    },
    window: withFallback({
      createOutputChannel: () => ({ info() {}, warn() {}, error() {}, debug() {}, trace() {}, show() {}, dispose() {} }),
      createTreeView: () => ({ visible: false, onDidChangeVisibility: () => disposable, dispose() {} }),
      showInformationMessage: async () => undefined,
      showErrorMessage: async () => undefined,
    }),
    workspace: withFallback({ getConfiguration: () => configuration, onDidChangeConfiguration: () => disposable }),
    commands: withFallback({ registerCommand: () => disposable, executeCommand: async () => undefined }),
  };
}

export interface ActivationMeasurement {
  readonly loadMs: number;
  readonly activateMs: number;
  readonly processesSpawned: number;
}

export function measureActivation(repoRoot: string): ActivationMeasurement {
  const stub = vscodeStandIn();
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const originalLoad = loader._load;
  loader._load = function (request: string, parent: unknown, isMain: boolean) {
    return request === 'vscode' ? stub : originalLoad.call(this, request, parent, isMain);
  };
  let spawned = 0;
  // The module object itself (an ES namespace import would be a read-only copy).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the mutable CommonJS exports object is what we patch
  const cp = require('node:child_process') as Record<string, (...args: unknown[]) => unknown>;
  const originals = ['spawn', 'exec', 'execFile', 'fork'].map((name) => [name, cp[name]!] as const);
  for (const [name, fn] of originals) {
    cp[name] = (...args: unknown[]) => {
      spawned++;
      return fn(...args);
    };
  }
  try {
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the bundle is what is being timed
    const extension = require(path.join(repoRoot, 'dist', 'extension.js')) as { activate(ctx: unknown): unknown };
    const t1 = performance.now();
    const context = {
      subscriptions: [] as unknown[],
      extensionPath: repoRoot,
      globalStorageUri: { fsPath: path.join(repoRoot, '.cache', 'bench-storage') },
      // An empty global state, as a first activation finds it.
      globalState: { get: <T>(_key: string, fallback?: T) => fallback, update: async () => undefined, keys: () => [] },
    };
    extension.activate(context);
    const t2 = performance.now();
    for (const d of context.subscriptions) (d as { dispose(): void }).dispose();
    return { loadMs: t1 - t0, activateMs: t2 - t1, processesSpawned: spawned };
  } finally {
    loader._load = originalLoad;
    for (const [name, fn] of originals) cp[name] = fn;
  }
}
