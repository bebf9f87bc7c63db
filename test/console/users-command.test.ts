// `intake users`: local accounts of the console, the password from standard input when it is
// not a terminal, hashed with argon2id; disabling or changing an account ends its sessions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { openDatabase } from "../../src/records/database.ts";
import { createWorkspace, runIntakeAsync, type CliResult, type Workspace } from "../support/workspace.ts";

let ws: Workspace;

/** `intake users ARGS` in its own process with `input` on standard input (none: nothing, and closed). */
const users = (input: string | undefined, ...args: string[]): Promise<CliResult> => runIntakeAsync(["users", ...args], ws.env, input);

beforeAll(async () => {
  ws = await createWorkspace([], { seed: false });
});
afterAll(() => ws.remove());

async function stored(email: string) {
  const db = await openDatabase(loadConfig(ws.env).databasePath);
  try {
    return await db.consoleUser.findUnique({ where: { email } });
  } finally {
    await db.$disconnect();
  }
}

describe("intake users", () => {
  it("adds an account with the password read from standard input, stored as an argon2id hash", async () => {
    const added = await users("a long enough password\n", "add", "Alice.Agent@nhs.net", "--role", "agent");
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe("Added alice.agent@nhs.net (agent).\n");
    const row = await stored("alice.agent@nhs.net");
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.passwordHash).not.toContain("a long enough password");
  });

  it("refuses a short password, an unknown role, a second account for one address (exit 2)", async () => {
    // Each is refused before anything is written: they are tried at once.
    const [short, unknownRole, second, noPassword] = await Promise.all([
      users("short\n", "add", "bob@nhs.net", "--role", "agent"),
      users("a long enough password\n", "add", "bob@nhs.net", "--role", "owner"),
      users("a long enough password\n", "add", "alice.agent@nhs.net", "--role", "admin"),
      users("", "add", "carol@nhs.net", "--role", "agent"),
    ]);
    expect(short).toMatchObject({ code: 2, stderr: expect.stringContaining("at least 12 characters") as string });
    expect(unknownRole).toMatchObject({ code: 2, stderr: expect.stringContaining("agent or admin") as string });
    expect(second).toMatchObject({ code: 2, stderr: expect.stringContaining("has an account already") as string });
    expect(noPassword).toMatchObject({ code: 2, stderr: expect.stringContaining("no password on standard input") as string });
  });

  it("lists accounts without their hashes, changes a role and disables an account", async () => {
    expect((await users(undefined, "role", "alice.agent@nhs.net", "admin")).code).toBe(0);
    expect((await users(undefined, "disable", "alice.agent@nhs.net")).code).toBe(0);
    // Neither writes anything: a second disable is refused, and the list is read, at once.
    const [again, list] = await Promise.all([users(undefined, "disable", "alice.agent@nhs.net"), users(undefined, "list", "--json")]);
    expect(again.code).toBe(2);
    const rows = JSON.parse(list.stdout) as { email: string; role: string; disabledAt: string | null }[];
    expect(rows).toEqual([{ email: "alice.agent@nhs.net", role: "admin", createdAt: expect.any(String) as string, disabledAt: expect.any(String) as string }]);
    expect(list.stdout).not.toContain("argon2");
    expect((await users("another long password\n", "password", "alice.agent@nhs.net")).code).toBe(0);
    expect((await stored("alice.agent@nhs.net"))?.disabledAt).toBeNull();
  });
});
