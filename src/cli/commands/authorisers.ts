import type { Command } from "commander";
import { AUTHORISER_ROLES } from "../../directory/authoriser-roles.ts";
import { londonDay } from "../../directory/directory-dates.ts";
import type { DirectoryChanges, DirectoryEntry, DirectoryFilter } from "../../directory/directory-entry.ts";
import { DirectoryInputError, NothingToRemoveError } from "../../directory/directory-errors.ts";
import { accepted, checkDirectoryEntry, checkEmail, checkOrganisationCode, checkRole } from "../../directory/directory-fields.ts";
import { DIRECTORY_FILE_HEADER, readDirectoryFile } from "../../directory/read-directory-file.ts";
import { listDirectoryEntries, removeDirectoryEntries, saveDirectoryEntries } from "../../records/directory.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson, printTable, printText } from "../output.ts";

// Three role ids a line, so that the help fits a terminal.
const roleLines: string[] = [];
for (let i = 0; i < AUTHORISER_ROLES.length; i += 3) roleLines.push(AUTHORISER_ROLES.slice(i, i + 3).join(", "));

const IMPORT_HELP = `
The file is CSV (UTF-8; quoted as in RFC 4180), its first line the header
  ${DIRECTORY_FILE_HEADER}

  email              the authoriser's address
  name               their name
  role               one of ${roleLines.join(",\n                     ")};
                     or a job title naming exactly one of them ("Caldicott Guardian")
  organisation_code  the ODS code: 3 to 8 letters and digits
  valid_from         first day: yyyy-mm-dd or dd/mm/yyyy
  valid_to           last day, written the same way; empty while the entry is current

Each line adds an entry, or updates the name and valid_to of the entry with the same
email, role, organisation_code and valid_from. Nothing is deleted: to end an entry,
import it again with its valid_to. A file with any bad line is not imported at all.`;

function describeFilter(filter: DirectoryFilter): string {
  const parts = [
    filter.email,
    filter.organisationCode ? `organisation ${filter.organisationCode}` : null,
    filter.role ? `role ${filter.role}` : null,
  ];
  return parts.filter(Boolean).join(", ");
}

function entryRows(entries: readonly DirectoryEntry[]): Record<string, string>[] {
  return entries.map((e) => ({
    email: e.email,
    name: e.name,
    role: e.role,
    organisation: e.organisationCode,
    from: e.validFrom,
    to: e.validTo ?? "",
  }));
}

export function registerAuthorisers(program: Command, env: CliEnvironment): void {
  const authorisers = program
    .command("authorisers")
    .description("the directory of people known to hold an authorising role for an organisation");

  authorisers
    .command("import")
    .description("add or update directory entries from a CSV file (register extracts, authoriser lists)")
    .argument("<file>", "CSV file with the header " + DIRECTORY_FILE_HEADER)
    .option("--json", "print what changed as JSON")
    .addHelpText("after", IMPORT_HELP)
    .action(async (file: string, options: { json?: boolean }) => {
      const progress = env.progress();
      let entries: DirectoryEntry[];
      let changes: DirectoryChanges;
      try {
        progress.show(`reading ${file}`);
        entries = readDirectoryFile(file);
        progress.show(`writing ${entries.length.toLocaleString("en-GB")} directory entries to the database`);
        changes = await env.withDatabase((db) => saveDirectoryEntries(db, entries, env.clock()));
      } finally {
        progress.clear();
      }
      if (options.json) return printJson({ file, entries: entries.length, ...changes });
      printText(
        `${file}: ${entries.length} entries read; ${changes.added} added, ${changes.updated} updated, ${changes.unchanged} unchanged.\n`,
      );
    });

  authorisers
    .command("add")
    .description("add one directory entry, or update the one with the same email, role, organisation and start")
    .requiredOption("--email <address>", "the authoriser's email address")
    .requiredOption("--name <name>", "the authoriser's name")
    .requiredOption("--role <role>", `one of ${AUTHORISER_ROLES.join(", ")} (or a job title naming one)`)
    .requiredOption("--organisation <code>", "ODS code of the organisation")
    .option("--from <date>", "first day of the role, yyyy-mm-dd (default: today)")
    .option("--to <date>", "last day of the role, yyyy-mm-dd (default: none, current)")
    .option("--json", "print the entry and what happened as JSON")
    .action(
      async (options: { email: string; name: string; role: string; organisation: string; from?: string; to?: string; json?: boolean }) => {
        const checked = checkDirectoryEntry(
          {
            email: options.email,
            name: options.name,
            role: options.role,
            organisationCode: options.organisation,
            validFrom: options.from ?? londonDay(env.clock()),
            validTo: options.to,
          },
          { validFrom: "--from", validTo: "--to" },
        );
        if (!checked.ok) throw new DirectoryInputError(checked.problems.join("; "));
        const { entry } = checked;
        const changes = await env.withDatabase((db) => saveDirectoryEntries(db, [entry], env.clock()));
        const result = changes.added > 0 ? "added" : changes.updated > 0 ? "updated" : "unchanged";
        if (options.json) return printJson({ result, entry });
        const period = entry.validTo ? `${entry.validFrom} to ${entry.validTo}` : `from ${entry.validFrom}, current`;
        printText(`${result}: ${entry.email} (${entry.name}), ${entry.role} for ${entry.organisationCode}, ${period}.\n`);
      },
    );

  authorisers
    .command("remove")
    .description("delete the directory entries of an address (all, or those for one organisation or role)")
    .requiredOption("--email <address>", "the authoriser's email address")
    .option("--organisation <code>", "only entries for this organisation")
    .option("--role <role>", "only entries with this role")
    .option("--json", "print how many were removed as JSON")
    .action(async (options: { email: string; organisation?: string; role?: string; json?: boolean }) => {
      const filter = {
        email: accepted(checkEmail(options.email)),
        organisationCode: options.organisation === undefined ? undefined : accepted(checkOrganisationCode(options.organisation)),
        role: options.role === undefined ? undefined : accepted(checkRole(options.role)),
      };
      const removed = await env.withDatabase((db) => removeDirectoryEntries(db, filter));
      if (removed === 0) throw new NothingToRemoveError(`no directory entries match ${describeFilter(filter)}; nothing removed`);
      if (options.json) return printJson({ removed });
      printText(`Removed ${removed} ${removed === 1 ? "entry" : "entries"} for ${describeFilter(filter)}.\n`);
    });

  authorisers
    .command("list")
    .description("list directory entries")
    .option("--organisation <code>", "only entries for this organisation")
    .option("--email <address>", "only entries for this address")
    .option("--json", "print JSON (one object per entry)")
    .action(async (options: { organisation?: string; email?: string; json?: boolean }) => {
      const filter = {
        email: options.email === undefined ? undefined : accepted(checkEmail(options.email)),
        organisationCode: options.organisation === undefined ? undefined : accepted(checkOrganisationCode(options.organisation)),
      };
      const entries = await env.withDatabase((db) => listDirectoryEntries(db, filter));
      if (options.json) return printJson(entries);
      printTable(entryRows(entries), ["email", "name", "role", "organisation", "from", "to"]);
    });
}
