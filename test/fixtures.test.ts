// The fixtures are what they say they are: the signed sample email, taken in with the test-only
// key's DNS override, is accepted through the real CLI after importing the sample reference
// data (the epraccur extract too); and `npm run example` does what the README says. The two
// tests use homes of their own and run at the same time.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { afterAll, describe, it } from "vitest";
import { FIXTURES, runIntakeAsync } from "./support/workspace.ts";

const homes: string[] = [];
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

function freshHome(): { home: string; env: Record<string, string> } {
  const home = mkdtempSync(path.join(os.tmpdir(), "intake-fixtures-"));
  homes.push(home);
  return { home, env: { INTAKE_HOME: home, INTAKE_LOG_LEVEL: "error", INTAKE_DNS_OVERRIDES: path.join(FIXTURES, "dkim", "dns.json") } };
}

/** `node scripts/example.ts` as `npm run example` runs it, without blocking the other test. */
function runExample(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.resolve(import.meta.dirname, "../scripts/example.ts")], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" }, (_error, stdout, stderr) =>
      resolve({ status: child.exitCode, stdout, stderr }),
    );
  });
}

describe("fixtures/", { concurrent: true }, () => {
  it("the signed sample form is accepted once the sample reference data is imported", async ({ expect }) => {
    const { home, env } = freshHome();
    for (const args of [
      ["organisations", "import", path.join(FIXTURES, "reference", "epraccur-extract.csv")],
      ["organisations", "import", path.join(FIXTURES, "reference", "organisations.csv")],
      ["authorisers", "import", path.join(FIXTURES, "reference", "authorisers.csv")],
    ]) {
      const result = await runIntakeAsync(args, env);
      expect(result.code, result.stderr).toBe(0);
    }
    const inbox = path.join(home, "var", "mailbox", "new");
    mkdirSync(inbox, { recursive: true });
    copyFileSync(path.join(FIXTURES, "mail", "gp-form-signed.eml"), path.join(inbox, "1.fixture.eml"));
    expect((await runIntakeAsync(["run", "--once"], env)).code).toBe(0);
    const messages = JSON.parse((await runIntakeAsync(["messages", "list", "--json"], env)).stdout) as { messageId: string; outcome: string; senderProof: string }[];
    expect(messages).toMatchObject([{ messageId: "<fixture-gp-form@nhs.net>", outcome: "accepted", senderProof: "dkim" }]);
  });

  it("npm run example leaves a form that the README's command accepts", async ({ expect }) => {
    const { env } = freshHome();
    const example = await runExample(env);
    expect(example.status, example.stderr).toBe(0);
    expect(example.stdout).toContain("INTAKE_DNS_OVERRIDES=fixtures/dkim/dns.json npx intake run --once");
    expect((await runIntakeAsync(["run", "--once"], env)).code).toBe(0);
    const requests = JSON.parse((await runIntakeAsync(["requests", "list", "--json"], env)).stdout) as { status: string }[];
    expect(requests).toMatchObject([{ status: "authorised" }]);
  });
});
