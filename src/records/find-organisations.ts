import { normaliseCode } from "../organisations/organisation-codes.ts";
import type { Organisation } from "../organisations/organisation-types.ts";
import { organisationFromRow } from "../organisations/stored-organisation.ts";
import type { Records } from "./database.ts";

/** The organisations ODS data knows among `codes`, by upper-case code; one query per form. */
export async function findOrganisations(db: Records, codes: readonly string[]): Promise<Map<string, Organisation>> {
  const wanted = [...new Set(codes.map(normaliseCode))].filter((code) => code !== "");
  if (wanted.length === 0) return new Map();
  const rows = await db.organisation.findMany({
    where: { code: { in: wanted } },
    select: { code: true, name: true, type: true, parentCode: true, status: true },
  });
  return new Map(rows.map((row) => [row.code, organisationFromRow(row)]));
}
