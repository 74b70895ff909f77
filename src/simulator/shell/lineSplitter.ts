/** Cuts a text stream into lines; accepts `\n` and `\r\n` (node-powershell writes os.EOL). */
export class LineSplitter {
  private rest = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    for (const part of parts) this.onLine(stripCarriageReturn(part));
  }

  /** The input ended: a last line without a line break still counts. */
  end(): void {
    if (this.rest !== '') this.onLine(stripCarriageReturn(this.rest));
    this.rest = '';
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
