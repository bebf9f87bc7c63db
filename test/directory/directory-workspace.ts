// A throw-away directory for one test file: a real SQLite database and real CSV files.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../../src/records/database.ts";
import { DIRECTORY_FILE_HEADER } from "../../src/directory/read-directory-file.ts";

/** The organisations these tests name, loaded first: an entry or domain is only written for a loaded organisation. */
export const DIRECTORY_TEST_ORGANISATIONS = `code,name,type,parent_code,status
A81001,Example Medical Practice,gp-practice,,open
A81002,Second Medical Practice,gp-practice,,open
U12345,Example Primary Care Network,pcn,,open
QHM,NHS Example Integrated Care Board,icb,,open
RXX,Example Hospitals NHS Trust,nhs-trust,,open
RYY,Second Hospitals NHS Trust,nhs-trust,,open
RZZ,Third Hospitals NHS Trust,nhs-trust,,open
`;

export interface DirectoryWorkspace {
  readonly home: string;
  readonly databasePath: string;
  /** Writes a file in the workspace and returns its path. */
  file(name: string, content: string | Buffer): string;
  /** A directory CSV file: the standard header, then these lines, CRLF as spreadsheets write. */
  csv(name: string, lines: readonly string[]): string;
  /** DIRECTORY_TEST_ORGANISATIONS as a file to import. */
  organisationsFile(): string;
  open(): Promise<Database>;
  remove(): void;
}

export function createDirectoryWorkspace(): DirectoryWorkspace {
  const home = mkdtempSync(path.join(os.tmpdir(), "intake-directory-"));
  const databasePath = path.join(home, "var", "intake.db");
  const file = (name: string, content: string | Buffer): string => {
    const target = path.join(home, name);
    writeFileSync(target, content);
    return target;
  };
  return {
    home,
    databasePath,
    file,
    csv: (name, lines) => file(name, [DIRECTORY_FILE_HEADER, ...lines].join("\r\n") + "\r\n"),
    organisationsFile: () => file("organisations.csv", DIRECTORY_TEST_ORGANISATIONS),
    open: () => openDatabase(databasePath),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}
