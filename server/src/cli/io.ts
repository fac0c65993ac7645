// The process as the commands see it, so they never reach for globals.

export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (progress lines go there only then). */
  readonly stderrIsTTY?: boolean;
  out(text: string): void;
  err(text: string): void;
  /** Milliseconds since some fixed point (a clock the tests can drive). */
  now?(): number;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    now: () => performance.now(),
  };
}

export function warn(io: CliIo, message: string): void {
  io.err(`pipewise: warning: ${message}\n`);
}

/**
 * Colors for a terminal. FORCE_COLOR (any value but `0`/`false`) turns them on anywhere, as it
 * does for Node itself; otherwise NO_COLOR (https://no-color.org) turns them off.
 */
export function wantsColor(io: CliIo): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force.toLowerCase() !== 'false') return true;
  if (io.env.NO_COLOR) return false;
  return io.stdoutIsTTY;
}

/**
 * A progress line on stderr for runs longer than a second, when stderr is a terminal: rewritten
 * in place, at most ten times a second, cleared when the run ends.
 */
export class Progress {
  private readonly started: number;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(private readonly io: CliIo, private readonly what: string) {
    this.started = io.now?.() ?? 0;
  }

  update(done: number, total: number): void {
    if (!this.io.stderrIsTTY || !this.io.now) return;
    const now = this.io.now();
    if (now - this.started < 1_000 || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.drawn = true;
    this.io.err(`\r\u001b[2K${this.what} ${done}/${total} files…`);
  }

  done(): void {
    if (this.drawn) this.io.err('\r\u001b[2K');
    this.drawn = false;
  }
}
