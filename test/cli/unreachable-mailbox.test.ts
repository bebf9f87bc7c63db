// `intake run --once` against an IMAP server it cannot reach gives up after
// INTAKE_MAILBOX_GIVE_UP_SECONDS, with exit 1 and a message naming the server and the error,
// whether nothing listens on the port or a server accepts and then says nothing. The
// long-running `intake run` keeps trying.
import { spawn } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "../support/terminal.ts";
import { createWorkspace, runIntakeAsync, type Workspace } from "../support/workspace.ts";

const GIVE_UP_SECONDS = 2;
// The setting, and Node's start on a busy machine on top; below the 15 s that one
// connection attempt to a silent server would otherwise wait.
const WITHIN_MS = (GIVE_UP_SECONDS + 10) * 1000;
// Well past the setting: the long-running run is still at it then.
const LONG_AFTER_MS = (GIVE_UP_SECONDS + 4) * 1000;

let ws: Workspace;
let silent: net.Server;
const held: net.Socket[] = [];
let silentPort = 0;
let closedPort = 0;

/** A port on loopback that nothing listens on: bound for a moment by this process, then let go. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  ws = await createWorkspace([], { seed: false, env: { INTAKE_LOG_LEVEL: "error", INTAKE_IMAP_PASSWORD: "secret", INTAKE_MAILBOX_GIVE_UP_SECONDS: String(GIVE_UP_SECONDS) } });
  // Accepts every connection and never answers: no greeting, no TLS handshake.
  silent = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentPort = (silent.address() as net.AddressInfo).port;
  closedPort = await freePort();
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  ws.remove();
});

async function runOnceAgainst(mailbox: string): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const result = await runIntakeAsync(["run", "--once"], { ...ws.env, INTAKE_MAILBOX: mailbox });
  return { code: result.code, stderr: result.stderr, ms: Date.now() - started };
}

describe("run --once against an IMAP server it cannot reach", () => {
  it("gives up when nothing listens on the port, naming the server and the refusal", async () => {
    const result = await runOnceAgainst(`imaps://intake%40nhs.net@127.0.0.1:${closedPort}/INBOX`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^intake: IMAP server 127\\.0\\.0\\.1:${closedPort} unreachable after .*ECONNREFUSED`, "m"));
    expect(result.ms).toBeLessThan(WITHIN_MS);
  });

  it("gives up on a server that accepts and never answers TLS (imaps)", async () => {
    const result = await runOnceAgainst(`imaps://intake%40nhs.net@127.0.0.1:${silentPort}/INBOX`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^intake: IMAP server 127\\.0\\.0\\.1:${silentPort} unreachable after .*CONNECT_TIMEOUT`, "m"));
    expect(result.ms).toBeLessThan(WITHIN_MS);
  });

  it("gives up on a server that accepts and never sends its greeting (imap, STARTTLS)", async () => {
    const result = await runOnceAgainst(`imap://intake%40nhs.net@127.0.0.1:${silentPort}/INBOX`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^intake: IMAP server 127\\.0\\.0\\.1:${silentPort} unreachable after .*GREETING_TIMEOUT`, "m"));
    expect(result.ms).toBeLessThan(WITHIN_MS);
  });
});

describe("the long-running run", () => {
  it("is still trying the unreachable server well after the --once limit", async () => {
    const child = spawn(process.execPath, [BIN, "run"], {
      env: { PATH: process.env.PATH ?? "", ...ws.env, INTAKE_LOG_LEVEL: "warn", INTAKE_MAILBOX: `imaps://intake%40nhs.net@127.0.0.1:${closedPort}/INBOX` },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const ended = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const stillRunning = await Promise.race([ended.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), LONG_AFTER_MS))]);
    child.kill("SIGKILL");
    await ended;
    expect(stillRunning).toBe(true);
    expect(stderr).toMatch(/IMAP connection failed; trying again/);
    expect(stderr).not.toMatch(/unreachable after/);
  });
});
