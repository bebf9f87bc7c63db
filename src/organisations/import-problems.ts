// What is wrong with an organisations file, line by line. A file with any problem is
// rejected whole, so the person fixing it is shown every bad line at once (up to a limit).
import { InputError } from "../input-error.ts";

export interface ImportProblem {
  /** 1-based line in the file. */
  readonly line: number;
  readonly problem: string;
}

/** More than this many problems usually means the wrong file or layout; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 20;

/** The file was not imported because of what is in it (bad input, not a failure of ours). */
export class OrganisationImportError extends InputError {
  /** The first MAX_REPORTED_PROBLEMS problems, in line order. */
  readonly problems: readonly ImportProblem[];
  /** How many problems were found in all, including those not listed. */
  readonly problemCount: number;

  constructor(source: string, problems: readonly ImportProblem[]) {
    const sorted = [...problems].sort((a, b) => a.line - b.line);
    const listed = sorted.slice(0, MAX_REPORTED_PROBLEMS);
    const more = sorted.length - listed.length;
    const lines = listed.map((p) => `  line ${p.line}: ${p.problem}`);
    if (more > 0) lines.push(`  ... and ${more} more`);
    const count = sorted.length === 1 ? "1 problem" : `${sorted.length} problems`;
    super(`${source} was not imported, nothing was changed (${count}):\n${lines.join("\n")}`);
    this.name = "OrganisationImportError";
    this.problems = listed;
    this.problemCount = sorted.length;
  }
}
