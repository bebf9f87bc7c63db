// The real `intake` command in a child process that the test can kill at any moment, as a
// crash, an OOM kill or a pulled plug would end it.
import { spawn } from "node:child_process";
import path from "node:path";

const BIN = path.resolve(import.meta.dirname, "../../../bin/intake.js");

export interface IntakeExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface IntakeProcess {
  readonly pid: number;
  readonly exited: Promise<IntakeExit>;
  /** SIGKILL: no handler runs, nothing is flushed or closed. */
  kill(): void;
}

export function startIntake(args: readonly string[], env: Record<string, string>, nodeOptions: readonly string[] = []): IntakeProcess {
  const child = spawn(process.execPath, [...nodeOptions, BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("intake did not start");
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<IntakeExit>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    pid: child.pid,
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
