// Sender domains registered for an organisation besides nhs.net (GP and PCN routes only):
// added for a loaded organisation only, withdrawn, found for a form's codes, listed.
import { OrganisationsNotLoadedError } from "../directory/directory-errors.ts";
import { normaliseCode } from "../organisations/organisation-codes.ts";
import type { Records } from "./database.ts";
import { codesNotLoaded } from "./organisations.ts";

/** Registers a sender domain for an organisation as of `at`; false when it was registered already. */
export async function addOrganisationDomain(db: Records, organisationCode: string, domain: string, at: Date): Promise<boolean> {
  const missing = await codesNotLoaded(db, [organisationCode]);
  if (missing.length > 0) throw new OrganisationsNotLoadedError(missing);
  const existing = await db.organisationDomain.findUnique({ where: { organisationCode_domain: { organisationCode, domain } } });
  if (existing) return false;
  await db.organisationDomain.create({ data: { organisationCode, domain, createdAt: at } });
  return true;
}

/** Withdraws a sender domain from an organisation; false when it was not registered. */
export async function removeOrganisationDomain(db: Records, organisationCode: string, domain: string): Promise<boolean> {
  const { count } = await db.organisationDomain.deleteMany({ where: { organisationCode, domain } });
  return count > 0;
}

/** The extra sender domains registered for any of these organisations, each once, sorted. */
export async function findOrganisationDomains(db: Records, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db.organisationDomain.findMany({
    where: { organisationCode: { in: codes.map(normaliseCode) } },
    select: { domain: true },
    distinct: ["domain"],
    orderBy: { domain: "asc" },
  });
  return rows.map((row) => row.domain);
}

export interface RegisteredDomain {
  readonly organisationCode: string;
  readonly domain: string;
  /** ISO timestamp. */
  readonly addedAt: string;
}

/** The registered sender domains, of one organisation or all, by code and domain. */
export async function listOrganisationDomains(db: Records, organisationCode?: string): Promise<RegisteredDomain[]> {
  const rows = await db.organisationDomain.findMany({
    where: { organisationCode },
    orderBy: [{ organisationCode: "asc" }, { domain: "asc" }],
  });
  return rows.map((row) => ({ organisationCode: row.organisationCode, domain: row.domain, addedAt: row.createdAt.toISOString() }));
}
