// A command run on a pseudo-terminal, as a person at a terminal runs it: util-linux's
// `script` gives it a terminal for stdin, stdout and stderr, shows back what it writes, and
// turns a Ctrl-C typed into it into SIGINT for the command's process group.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** util-linux's script, where the machine has it. */
export const SCRIPT = ["/usr/bin/script", "/bin/script"].find((candidate) => existsSync(candidate)) ?? null;

export const BIN = path.resolve(import.meta.dirname, "../../bin/intake.js");
export const REPOSITORY = path.resolve(import.meta.dirname, "../..");

export interface TerminalRun {
  /** Everything shown so far, stdout and stderr together as the terminal shows them. */
  output(): string;
  /** Resolves once the terminal shows `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Typed on the keyboard: "\x03" is Ctrl-C. */
  type(keys: string): void;
  /** The command's exit status (script -e passes it on). */
  readonly exit: Promise<number | null>;
}

const quoted = (arg: string): string => `'${arg.replaceAll("'", "'\\''")}'`;

/** Runs `argv` on a terminal of its own, with only `env` (PATH: this Node.js first) for its environment. */
export function runInTerminal(argv: readonly string[], options: { env: Record<string, string>; cwd?: string }): TerminalRun {
  if (!SCRIPT) throw new Error("util-linux script is not installed");
  const child = spawn(SCRIPT, ["-q", "-e", "-f", "-c", argv.map(quoted).join(" "), "/dev/null"], {
    cwd: options.cwd ?? REPOSITORY,
    env: {
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`,
      HOME: process.env.HOME ?? "",
      SHELL: "/bin/sh",
      TERM: "xterm",
      ...options.env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let shown = "";
  const listeners = new Set<() => void>();
  const take = (chunk: string): void => {
    shown += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout.setEncoding("utf8").on("data", take);
  child.stderr.setEncoding("utf8").on("data", take);
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      child.stdin.end();
      resolve(code);
    });
  });
  return {
    output: () => shown,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(shown)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`the terminal never showed ${String(pattern)}; it shows:\n${shown}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    type(keys) {
      child.stdin.write(keys);
    },
    exit,
  };
}

/**
 * The lines left on the screen: within a line, what a carriage return (with an erase after it)
 * went back over is gone, as a progress line redrawn in place is.
 */
export function visibleLines(shown: string): string[] {
  return shown.split("\n").map((line) => line.replace(/\r$/, "").split("\r").at(-1)?.replace(/^\x1b\[K/, "") ?? "");
}

/** `intake ARGS` on a terminal, run to its end: its exit status and all it showed. */
export async function intakeInTerminal(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; shown: string }> {
  const run = runInTerminal([process.execPath, BIN, ...args], { env });
  const code = await run.exit;
  return { code, shown: run.output() };
}
