// The continuous `intake run` in a child process, as a service manager runs it: the test reads
// its log as it is written, waits for a line, and stops it with a signal.
import { spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { CliResult } from "./workspace.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/intake.js");

export interface RunningIntake {
  /** Everything logged so far (JSON lines on stderr). */
  readonly stderr: () => string;
  /** Resolves once a log line contains `text`; rejects after `timeoutMs` or when the process ends first. */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  /** Sends a signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
  readonly exited: Promise<CliResult>;
}

export function startIntakeRun(env: Record<string, string>, args: readonly string[] = ["run"]): RunningIntake {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let ended = false;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      ended = true;
      resolve({ code, stdout, stderr });
    });
  });

  return {
    stderr: () => stderr,
    async waitForLog(text: string, timeoutMs = 15_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!stderr.includes(text)) {
        if (ended) throw new Error(`intake run ended before logging "${text}":\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`intake run did not log "${text}" within ${timeoutMs} ms:\n${stderr}`);
        await sleep(20);
      }
    },
    async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<CliResult> {
      if (!ended) child.kill(signal);
      return exited;
    },
    exited,
  };
}
