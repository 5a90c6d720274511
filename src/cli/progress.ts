/**
 * Progress on stderr: a single redrawn line on a terminal, plain periodic lines
 * (every `everyMs`) when stderr is a file or a pipe, so CI logs stay readable.
 */
export class Progress {
  private lastPlain = 0;
  private drawn = false;
  constructor(private readonly everyMs = 5000, private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(text: string): void {
    if (this.stream.isTTY) {
      const width = (this.stream.columns ?? 100) - 1;
      this.stream.write('\r' + text.slice(0, width).padEnd(width));
      this.drawn = true;
    } else {
      const now = Date.now();
      if (now - this.lastPlain >= this.everyMs) {
        this.lastPlain = now;
        this.stream.write(text + '\n');
      }
    }
  }

  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}
