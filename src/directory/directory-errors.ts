// The directory's typed errors. Bad input (a value on the command line, a malformed file) is
// the person's to fix; the CLI reports it as bad input (exit 2) rather than as a failure.
import { InputError } from "../input-error.ts";

/** A value given for the directory is not acceptable; the message says which and why. */
export class DirectoryInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "DirectoryInputError";
  }
}

export interface ImportProblem {
  /** 1-based line of the file. */
  readonly line: number;
  readonly problem: string;
}

/** The most problems reported for one file: enough to see a pattern, few enough to read. */
export const MAX_IMPORT_PROBLEMS = 20;

/** A directory file that was not imported, with what is wrong on each bad line. */
export class DirectoryImportError extends DirectoryInputError {
  readonly file: string;
  /** The first MAX_IMPORT_PROBLEMS problems, in line order. */
  readonly problems: readonly ImportProblem[];
  /** How many bad lines there were in all. */
  readonly totalProblems: number;
  constructor(file: string, problems: readonly ImportProblem[]) {
    const shown = problems.slice(0, MAX_IMPORT_PROBLEMS);
    const more = problems.length - shown.length;
    super(
      [
        `${file} was not imported (nothing was changed): ${problems.length} bad line${problems.length === 1 ? "" : "s"}`,
        ...shown.map((p) => `  line ${p.line}: ${p.problem}`),
        ...(more > 0 ? [`  ... and ${more} more`] : []),
      ].join("\n"),
    );
    this.name = "DirectoryImportError";
    this.file = file;
    this.problems = shown;
    this.totalProblems = problems.length;
  }
}

/** A removal that matched nothing: not bad input, but not done either. */
export class NothingToRemoveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NothingToRemoveError";
  }
}


/**
 * Directory entries or sender domains for organisations no import has loaded: nothing is
 * written, since an entry only counts for an organisation the intake knows.
 */
export class OrganisationsNotLoadedError extends DirectoryInputError {
  readonly codes: readonly string[];
  constructor(codes: readonly string[]) {
    const shown = codes.slice(0, MAX_IMPORT_PROBLEMS).join(", ") + (codes.length > MAX_IMPORT_PROBLEMS ? ` and ${codes.length - MAX_IMPORT_PROBLEMS} more` : "");
    super(
      `nothing was written: ${codes.length === 1 ? "organisation" : "organisations"} ${shown} ${codes.length === 1 ? "is" : "are"} not loaded; ` +
        "import the organisations first (intake organisations import FILE)",
    );
    this.name = "OrganisationsNotLoadedError";
    this.codes = codes;
  }
}
