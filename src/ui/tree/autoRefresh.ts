import type * as vscode from 'vscode';

/**
 * Refreshes on a timer only while the view is visible: polling Hyper-V in the background made
 * vmms.exe grow for users of other tools. A tick is skipped while the previous refresh still runs.
 */
export class AutoRefresh implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
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
    this.timer = setInterval(() => void this.tick(), Math.max(5, this.intervalSeconds) * 1000);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.refresh();
    } finally {
      this.running = false;
    }
  }
}
