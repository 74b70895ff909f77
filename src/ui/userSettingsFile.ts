/**
 * The user's settings.json as it is on disk. VS Code (code-server 4.139, VS Code 1.139) takes in the
 * first edit another program writes to that file and then no further one until the window reloads:
 * no onDidChangeConfiguration, and getConfiguration keeps the old value (the integration suite
 * writes the file to show it). So the extension watches the file itself and reads `gpupv.hosts`
 * from it: the host list follows the file without a reload, and a host added or removed writes a
 * list based on the file, never on VS Code's stale copy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readMember } from '../core/json/jsoncLocator';

export interface UserSetting {
  /** Whether the file sets it at all. */
  readonly found: boolean;
  readonly value?: unknown;
}

export class UserSettingsFile implements vscode.Disposable {
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private timer: NodeJS.Timeout | undefined;

  private constructor(readonly file: string) {
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)),
    );
    const fire = () => {
      // An editor saves in steps (truncate, write, rename): one event once it settled.
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.changed.fire(), 150);
    };
    this.watcher.onDidChange(fire);
    this.watcher.onDidCreate(fire);
    this.watcher.onDidDelete(fire);
  }

  /**
   * The profile's settings.json, beside the folder holding the extensions' global storage
   * (<profile>/globalStorage/<extension>); undefined when that is not a folder on this machine.
   */
  static find(context: vscode.ExtensionContext): UserSettingsFile | undefined {
    if (context.globalStorageUri.scheme !== 'file') return undefined;
    const file = path.join(context.globalStorageUri.fsPath, '..', '..', 'settings.json');
    return fs.existsSync(path.dirname(file)) ? new UserSettingsFile(file) : undefined;
  }

  /** The setting as the file has it now; undefined when the file cannot be read as JSONC (still being typed). */
  read(key: string): UserSetting | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { found: false } : undefined;
    }
    return readMember(text, key);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher.dispose();
    this.changed.dispose();
  }
}
