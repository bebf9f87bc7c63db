// Under a Node.js older than 24, every npm script and the `intake` command stop at once with
// one sentence saying what is needed, instead of a stack trace from TypeScript Node 20 cannot
// parse. Run with the machine's own older node, where there is one.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, REPOSITORY } from "../support/terminal.ts";

const CANDIDATES = ["/usr/bin/node", "/usr/local/bin/node", "/bin/node"];

/** The first node on this machine older than 24, with its version. */
function olderNode(): { path: string; version: string } | null {
  for (const candidate of CANDIDATES) {
    const result = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    const version = result.status === 0 ? result.stdout.trim() : "";
    if (/^v\d+\./.test(version) && Number(version.slice(1).split(".")[0]) < 24) return { path: candidate, version };
  }
  return null;
}

const OLD = olderNode();
const SCRIPTS = (JSON.parse(readFileSync(path.join(REPOSITORY, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

// A directory whose `node` is the older one, first in PATH, as on a machine that has only it.
const oldNodeDir = mkdtempSync(path.join(os.tmpdir(), "old-node-"));
if (OLD) symlinkSync(OLD.path, path.join(oldNodeDir, "node"));
afterAll(() => rmSync(oldNodeDir, { recursive: true, force: true }));
const OLD_PATH = `${oldNodeDir}:/usr/local/bin:/usr/bin:/bin`;
/** An npm that runs on the older node (the machine's own); without one, the npm scripts cannot be tried this way. */
const NPM = OLD !== null && spawnSync("npm", ["--version"], { env: { PATH: OLD_PATH } }).status === 0;

const expectTheSentence = (result: { status: number | null; stdout: string; stderr: string }): void => {
  const shown = `${result.stdout}${result.stderr}`;
  expect(shown).toContain(`Node.js 24 or later is needed; this is ${OLD?.version}`);
  expect(shown).not.toMatch(/SyntaxError|ERR_|^\s+at /m);
  expect(result.status).toBe(2);
};

describe.skipIf(!OLD)(`under ${OLD ? `the machine's Node.js ${OLD.version} (${OLD.path})` : "an older Node.js (skipped: this machine has no Node.js older than 24)"}`, () => {
  it("bin/intake.js names the Node.js needed and the one it found", () => {
    const result = spawnSync(OLD?.path ?? "", [BIN, "--help"], { encoding: "utf8", cwd: REPOSITORY });
    expectTheSentence(result);
  });

  it("every npm script checks first: its command starts with scripts/require-node24.js", () => {
    for (const [name, command] of Object.entries(SCRIPTS)) {
      expect({ name, command: command.startsWith("node scripts/require-node24.js && ") }).toEqual({ name, command: true });
    }
  });

  it.skipIf(!NPM).each(Object.keys(SCRIPTS))("npm run %s stops with the sentence and exit 2", (name) => {
    const result = spawnSync("npm", ["run", name], {
      cwd: REPOSITORY,
      encoding: "utf8",
      env: { PATH: OLD_PATH, HOME: process.env.HOME ?? "", INTAKE_HOME: oldNodeDir },
      timeout: 30_000,
    });
    expectTheSentence(result);
  });
});
