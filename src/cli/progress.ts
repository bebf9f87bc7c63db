// What a long command (`run --once`, an import) is doing, on one line at the foot of the
// terminal, redrawn in place with the seconds since it began; log lines written meanwhile
// appear above it. Only on a terminal with the text log: piped or JSON output holds none.
import { Writable } from "node:stream";
import { printable } from "../printable.ts";

export interface Progress {
  /** Shows what is being done now, in place of what was shown before. */
  show(doing: string): void;
  /** Removes the line: the command is done, or about to print its result or an error. */
  clear(): void;
}

export const NO_PROGRESS: Progress = { show: () => undefined, clear: () => undefined };

export interface TerminalProgress extends Progress {
  /** For the log: each line written here goes above the progress line, which is then drawn again. */
  readonly logStream: Writable;
}

/** Return to the start of the line and erase it. */
const ERASE_LINE = "\r\x1b[K";
/** How often the seconds are counted on; each redraw is one short write. */
const REDRAW_MS = 250;

export function terminalProgress(terminal: NodeJS.WriteStream, now: () => number = Date.now): TerminalProgress {
  const started = now();
  let doing: string | null = null;
  let ticker: NodeJS.Timeout | null = null;

  const line = (text: string): string => {
    const full = `${text} (${Math.floor((now() - started) / 1000)} s)`;
    // A line longer than the terminal wraps, and the erase would then leave its first part behind.
    const width = Math.max(10, (terminal.columns || 80) - 1);
    return full.length > width ? `${full.slice(0, width - 1)}…` : full;
  };
  const draw = (): void => {
    if (doing === null) return;
    terminal.write(ERASE_LINE + line(doing));
  };
  const erase = (): void => {
    if (doing !== null) terminal.write(ERASE_LINE);
  };

  return {
    show(text) {
      // Drawn now, not on the next tick: the step that follows may be one long synchronous check.
      doing = printable(text);
      draw();
      ticker ??= setInterval(draw, REDRAW_MS).unref();
    },
    clear() {
      erase();
      doing = null;
      if (ticker) clearInterval(ticker);
      ticker = null;
    },
    logStream: new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        erase();
        terminal.write(chunk);
        draw();
        done();
      },
    }),
  };
}
