import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import {
  ORGANISATION_FILE_FORMAT_LABELS,
  ORGANISATION_FILE_FORMATS,
  type OrganisationFileFormat,
} from "../../organisations/file-formats.ts";
import { ORGANISATION_TYPES, type OrganisationType } from "../../organisations/organisation-types.ts";
import { readOrganisations } from "../../organisations/read-organisations.ts";
import { importOrganisations, listOrganisations, type OrganisationImportSummary } from "../../records/organisations.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson, printTable, printText } from "../output.ts";

const count = (n: number, one: string, many: string = `${one}s`): string => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

function summarySentence(summary: OrganisationImportSummary): string {
  return (
    `Imported ${count(summary.rows, "organisation")} (${ORGANISATION_FILE_FORMAT_LABELS[summary.format]}): ` +
    `${summary.created.toLocaleString("en-GB")} new, ${summary.updated.toLocaleString("en-GB")} updated, ` +
    `${summary.closed.toLocaleString("en-GB")} newly closed.`
  );
}

export function registerOrganisations(program: Command, env: CliEnvironment): void {
  const organisations = program
    .command("organisations")
    .description("NHS organisations from ODS data, used to check the organisation codes on forms");
  organisations
    .command("import")
    .description("load an epraccur extract or a plain CSV (code,name,type,parent_code,status); updates in place, never deletes")
    .argument("<file>", "the file to import")
    .addOption(new Option("--format <format>", "the file's layout (default: recognised from the first row)").choices(ORGANISATION_FILE_FORMATS))
    .option("--json", "print the summary as JSON")
    .action(async (file: string, options: { format?: OrganisationFileFormat; json?: boolean }) => {
      const progress = env.progress();
      let summary: OrganisationImportSummary;
      try {
        // The whole file is checked before the database is opened: a bad file changes nothing.
        progress.show(`reading ${file}`);
        const content = await readFile(file).catch((error: unknown) => {
          throw new Error(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
        });
        progress.show(`checking ${file}`);
        const parsed = readOrganisations(content, { format: options.format, source: file });
        progress.show(`writing ${count(parsed.organisations.length, "organisation")} to the database`);
        summary = await env.withDatabase((db) => importOrganisations(db, parsed, env.clock()));
      } finally {
        progress.clear();
      }
      if (options.json) return printJson(summary);
      printText(`${summarySentence(summary)}\n`);
    });
  organisations
    .command("list")
    .description("list the organisations known from ODS data")
    .option("--json", "print JSON (one object per organisation)")
    .addOption(new Option("--type <type>", "only organisations of this type").choices(ORGANISATION_TYPES))
    .option("--code <code>", "only the organisation with this code")
    .action(async (options: { json?: boolean; type?: OrganisationType; code?: string }) => {
      await env.withDatabase(async (db) => {
        const list = await listOrganisations(db, { type: options.type, code: options.code });
        if (options.json) return printJson(list);
        printTable(
          list.map((o) => ({ code: o.code, type: o.type, status: o.status, parent: o.parentCode ?? "", name: o.name })),
          ["code", "type", "status", "parent", "name"],
        );
      });
    });
}
