// `intake console` serves the console on INTAKE_CONSOLE_HOST:INTAKE_CONSOLE_PORT until
// stopped, and `intake run` serves it beside the intake when INTAKE_CONSOLE_PORT is set.
import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace, type Workspace } from "../support/workspace.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/intake.js");
let ws: Workspace;

beforeAll(async () => {
  ws = await createWorkspace([], { seed: false });
});
afterAll(() => ws.remove());

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the command, waits until the console answers, stops it with SIGTERM; its exit code and the page. */
async function serveOnce(args: string[]): Promise<{ code: number | null; status: number; page: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...ws.env, INTAKE_CONSOLE_PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  let answer: Response | null = null;
  for (let tries = 0; tries < 100 && !answer; tries++) {
    answer = await fetch(`http://127.0.0.1:${port}/sign-in`).catch(() => null);
    if (!answer) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const page = (await answer?.text()) ?? "";
  child.kill("SIGTERM");
  return { code: await exited, status: answer?.status ?? 0, page };
}

describe("serving the console", () => {
  it("intake console serves the sign-in page on loopback and stops on SIGTERM", async () => {
    const served = await serveOnce(["console"]);
    expect(served.status).toBe(200);
    expect(served.page).toContain("Sign in");
    expect(served.code).toBe(0);
  });

  it("intake run serves the console when INTAKE_CONSOLE_PORT is set", async () => {
    const served = await serveOnce(["run"]);
    expect(served.status).toBe(200);
    expect(served.code).toBe(0);
  });
});
