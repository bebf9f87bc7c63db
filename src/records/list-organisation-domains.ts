import type { Records } from "./database.ts";

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
