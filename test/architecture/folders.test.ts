// The tree reads like the product: each folder of src/ says in its README.md what it owns and
// which other folders (and top-level files) it may call; what it imports is checked against
// that, the folders import each other without a cycle, and the README's layout table names
// every folder and top-level file of src/.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SRC = path.join(ROOT, "src");
const IMPORT = /(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g;

const folders = readdirSync(SRC).filter((name) => statSync(path.join(SRC, name)).isDirectory()).sort();
const topFiles = readdirSync(SRC).filter((name) => name.endsWith(".ts")).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The folder (or top-level file) of src/ a path is in. */
const unitOf = (file: string): string => path.relative(SRC, file).split(path.sep)[0] ?? "";

/** What each folder imports from outside itself, with one file that does, for the message. */
function importsOf(folder: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(path.join(SRC, folder))) {
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), match[1] ?? "");
      if (!target.startsWith(SRC + path.sep)) continue;
      const unit = unitOf(target);
      if (unit !== folder && !found.has(unit)) found.set(unit, path.relative(ROOT, file));
    }
  }
  return found;
}

function declared(folder: string): Set<string> {
  const readme = readFileSync(path.join(SRC, folder, "README.md"), "utf8");
  const line = /^May call: (.*)$/m.exec(readme)?.[1];
  if (line === undefined) throw new Error(`src/${folder}/README.md has no "May call:" line`);
  return new Set([...line.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ""));
}

describe("the folders of src/", () => {
  it.each(folders)("src/%s says what it owns and imports only what its README says it may call", (folder) => {
    const allowed = declared(folder);
    const undeclared = [...importsOf(folder)].filter(([unit]) => !allowed.has(unit)).map(([unit, file]) => `${unit} (from ${file})`);
    expect(undeclared, `src/${folder} imports what its README.md does not list`).toEqual([]);
  });

  it("import each other without a cycle", () => {
    const edges = new Map(folders.map((folder) => [folder, [...importsOf(folder).keys()].filter((unit) => folders.includes(unit))]));
    const state = new Map<string, "visiting" | "done">();
    const cycles: string[] = [];
    const visit = (folder: string, trail: string[]): void => {
      if (state.get(folder) === "done") return;
      if (state.get(folder) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(folder)), folder].join(" → "));
        return;
      }
      state.set(folder, "visiting");
      for (const next of edges.get(folder) ?? []) visit(next, [...trail, folder]);
      state.set(folder, "done");
    };
    for (const folder of folders) visit(folder, []);
    expect(cycles).toEqual([]);
  });

  it("are each a row of the README's layout table, as is every top-level file", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const layout = readme.slice(readme.indexOf("## Layout"), readme.indexOf("\n## ", readme.indexOf("## Layout") + 1));
    const rows = new Set([...layout.matchAll(/^\| `src\/([^`]+)`/gm)].map((m) => m[1]));
    expect([...folders, ...topFiles].filter((unit) => !rows.has(unit))).toEqual([]);
    expect([...rows].filter((unit) => unit !== undefined && !folders.includes(unit) && !topFiles.includes(unit))).toEqual([]);
  });
});
