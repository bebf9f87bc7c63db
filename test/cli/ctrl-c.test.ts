// Ctrl-C on `npm start` at a terminal stops the processor gracefully: the terminal sends
// SIGINT to npm and the processor alike, npm may pass its own on, and the processor takes
// them as one request, stops, and npm waits for it before giving the terminal back. A signal
// sent to npm alone (a process manager, an editor's stop button) reaches the processor too.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPOSITORY, SCRIPT, runInTerminal } from "../support/terminal.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";

let ws: Workspace;

beforeAll(async () => {
  ws = await createWorkspace([], { seed: false, env: { INTAKE_LOG_LEVEL: "info", INTAKE_LOG_FORMAT: "text" } });
});
afterAll(() => ws.remove());

describe.skipIf(!SCRIPT)("Ctrl-C at the terminal", () => {
  it("stops npm start gracefully: the processor says it stopped before npm ends", async () => {
    const run = runInTerminal(["npm", "start"], { env: ws.env });
    await run.waitFor(/ info {2}intake pass finished/, 60_000);
    const pressed = Date.now();
    run.type("\u0003");
    const code = await run.exit;
    expect(run.output()).toMatch(/ info {2}stopping {2}signal=SIGINT/);
    expect(run.output()).toMatch(/ info {2}intake stopped/);
    expect(run.output()).not.toMatch(/stopped at once/);
    // npm reports the interrupted script as 130 (128 + SIGINT) when it saw the signal itself.
    expect([0, 130]).toContain(code);
    expect(Date.now() - pressed).toBeLessThan(10_000);
  });
});

describe("a signal sent to npm alone", () => {
  it.each(["SIGINT", "SIGTERM"] as const)("%s to npm start stops the processor gracefully, and nothing of it is left running", async (signal) => {
    // A process group of its own, so that whatever is left of it can be found and cleared.
    const npm = spawn("npm", ["start"], {
      cwd: REPOSITORY,
      detached: true,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...ws.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const group = npm.pid ?? 0;
    let shown = "";
    const seen = (pattern: RegExp): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => void (pattern.test(shown) && resolve());
        npm.stdout.on("data", check);
        npm.stderr.on("data", check);
        check();
      });
    npm.stdout.setEncoding("utf8").on("data", (chunk: string) => (shown += chunk));
    npm.stderr.setEncoding("utf8").on("data", (chunk: string) => (shown += chunk));
    const ended = new Promise<void>((resolve) => npm.on("exit", () => resolve()));
    try {
      await seen(/ info {2}intake pass finished/);
      process.kill(group, signal);
      const stopped = await Promise.race([ended.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))]);
      expect(stopped).toBe(true);
      expect(shown).toMatch(new RegExp(` info {2}stopping {2}signal=${signal}`));
      expect(shown).toMatch(/ info {2}intake stopped/);
      expect(() => process.kill(-group, 0)).toThrow(/ESRCH/);
    } finally {
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // already gone, as it should be
      }
    }
  });
});

