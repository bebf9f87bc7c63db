// Where the CPU time of a profiled process went (`node --cpu-prof`), by who spent it: each
// sample is charged to the innermost frame that belongs to a package or to the project's
// src/ folder, so Node's own internals (crypto, streams, buffers) count for their caller.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ThreadProfile {
  /** "main" or "worker" (the form reader's thread). */
  readonly thread: string;
  readonly totalMs: number;
  /** Milliseconds by package, src/ folder, or (garbage collector), (idle), (program). */
  readonly byOwner: Record<string, number>;
}

const SPECIAL = new Set(["(garbage collector)", "(idle)", "(program)"]);

/** The owner of a frame: an npm package, a src/ folder, a special node, or null for Node's internals and WebAssembly. */
function ownerOf(node: ProfileNode): string | null {
  const { url, functionName } = node.callFrame;
  if (url === "") return SPECIAL.has(functionName) ? functionName : null;
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (inPackage?.[1]) return inPackage[1];
  const inSource = /\/src\/([^/]+)\//.exec(url);
  return inSource?.[1] ? `src/${inSource[1]}` : null;
}

function summarise(profile: CpuProfile, thread: string): ThreadProfile {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const owners = new Map<number, string>();
  const ownerWithAncestors = (id: number): string => {
    const known = owners.get(id);
    if (known) return known;
    const node = byId.get(id);
    const parent = parentOf.get(id);
    const owner = (node && ownerOf(node)) ?? (parent === undefined ? "Node.js internals" : ownerWithAncestors(parent));
    owners.set(id, owner);
    return owner;
  };
  const byOwner: Record<string, number> = {};
  let totalMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const owner = ownerWithAncestors(id);
    byOwner[owner] = (byOwner[owner] ?? 0) + ms;
    totalMs += ms;
  });
  return { thread, totalMs, byOwner };
}

/** Every profile in `dir`, largest first (the main thread first, then the worker). */
export function readProfiles(dir: string): ThreadProfile[] {
  const profiles = readdirSync(dir)
    .filter((file) => file.endsWith(".cpuprofile"))
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as CpuProfile);
  const summaries = profiles.map((profile) => summarise(profile, ""));
  // The main thread is the one that ran the intake's own code (src/intake).
  return summaries
    .map((summary) => ({ ...summary, thread: (summary.byOwner["src/intake"] ?? 0) > 0 ? "main" : "worker" }))
    .sort((a, b) => b.totalMs - a.totalMs);
}
