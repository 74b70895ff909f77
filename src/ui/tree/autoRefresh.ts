import type * as vscode from 'vscode';

/**
 * Refreshes on a timer only while the view is visible: polling Hyper-V in the background made
 * vmms.exe grow for users of other tools.
 *
 * A tick does not wait for the previous refresh: a host that hangs would hold the whole fleet's
 * schedule until its call timeout. The inventory store joins a host's load that is still running
 * (or waiting for a slot), so a hung host is asked once while the others refresh on time.
 */
export class AutoRefresh implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private visible = false;

  constructor(
    private readonly refresh: () => Promise<void>,
    private intervalSeconds: number,
  ) {}

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.schedule();
  }

  setInterval(seconds: number): void {
    this.intervalSeconds = seconds;
    this.schedule();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (!this.visible || this.intervalSeconds <= 0) return;
    this.timer = setInterval(() => this.tick(), Math.max(5, this.intervalSeconds) * 1000);
  }

  private tick(): void {
    // Loads turn every failure into the host's error, shown in the tree; nothing is lost here.
    this.refresh().catch(() => undefined);
  }
}
