import { normaliseCode } from "../organisations/organisation-codes.ts";
import type { Records } from "./database.ts";

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
