import { domainToUnicode } from "node:url";
import type { Command } from "commander";
import { NothingToRemoveError } from "../../directory/directory-errors.ts";
import { accepted, checkOrganisationCode } from "../../directory/directory-fields.ts";
import { checkDomainName, checkPracticeDomain } from "../../directory/practice-domain.ts";
import { addOrganisationDomain, listOrganisationDomains, removeOrganisationDomain } from "../../records/domains.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson, printTable, printText } from "../output.ts";

/** The stored ASCII form, with the readable one beside it when they differ. */
function shown(domain: string): string {
  const unicode = domainToUnicode(domain);
  return unicode === domain ? domain : `${domain} (${unicode})`;
}

export function registerDomains(program: Command, env: CliEnvironment): void {
  const domains = program
    .command("domains")
    .description("a practice's or PCN's own email domains, accepted besides nhs.net on GP and PCN forms");

  domains
    .command("add")
    .description("register an email domain for an organisation")
    .argument("<code>", "ODS code of the practice or PCN")
    .argument("<domain>", "the organisation's own mail domain, e.g. example-surgery.co.uk")
    .option("--json", "print the result as JSON")
    .action(async (code: string, domain: string, options: { json?: boolean }) => {
      const organisationCode = accepted(checkOrganisationCode(code));
      const ascii = accepted(checkPracticeDomain(domain));
      const added = await env.withDatabase((db) => addOrganisationDomain(db, organisationCode, ascii, env.clock()));
      if (options.json) return printJson({ organisationCode, domain: ascii, added });
      printText(
        added
          ? `Registered ${shown(ascii)} for ${organisationCode}.\n`
          : `${shown(ascii)} was already registered for ${organisationCode}.\n`,
      );
    });

  domains
    .command("remove")
    .description("withdraw an email domain from an organisation")
    .argument("<code>", "ODS code of the practice or PCN")
    .argument("<domain>", "the registered domain")
    .option("--json", "print the result as JSON")
    .action(async (code: string, domain: string, options: { json?: boolean }) => {
      const organisationCode = accepted(checkOrganisationCode(code));
      // Only a plausible name is required here, so that any registration can be withdrawn.
      const ascii = accepted(checkDomainName(domain));
      const removed = await env.withDatabase((db) => removeOrganisationDomain(db, organisationCode, ascii));
      if (!removed) throw new NothingToRemoveError(`${shown(ascii)} is not registered for ${organisationCode}; nothing removed`);
      if (options.json) return printJson({ organisationCode, domain: ascii, removed });
      printText(`Withdrew ${shown(ascii)} from ${organisationCode}.\n`);
    });

  domains
    .command("list")
    .description("list registered email domains")
    .argument("[code]", "only this organisation's domains")
    .option("--json", "print JSON (one object per domain)")
    .action(async (code: string | undefined, options: { json?: boolean }) => {
      const organisationCode = code === undefined ? undefined : accepted(checkOrganisationCode(code));
      const list = await env.withDatabase((db) => listOrganisationDomains(db, organisationCode));
      if (options.json) return printJson(list);
      printTable(
        list.map((d) => ({ organisation: d.organisationCode, domain: shown(d.domain), added: d.addedAt })),
        ["organisation", "domain", "added"],
      );
    });
}
