import { normaliseCode } from "../organisations/organisation-codes.ts";
import type { OrganisationFileFormat } from "../organisations/file-formats.ts";
import type { Organisation, OrganisationType } from "../organisations/organisation-types.ts";
import { organisationFromRow } from "../organisations/stored-organisation.ts";
import type { Records } from "./database.ts";

export interface OrganisationListing extends Organisation {
  /** The layout of the file it was last imported from. */
  readonly source: OrganisationFileFormat;
  readonly updatedAt: string;
}

export interface OrganisationFilter {
  readonly type?: OrganisationType | undefined;
  /** One organisation by its code (any letter case). */
  readonly code?: string | undefined;
}

/** Organisations in code order, open and closed alike. */
export async function listOrganisations(db: Records, filter: OrganisationFilter = {}): Promise<OrganisationListing[]> {
  const rows = await db.organisation.findMany({
    where: {
      ...(filter.type ? { type: filter.type } : {}),
      ...(filter.code !== undefined ? { code: normaliseCode(filter.code) } : {}),
    },
    orderBy: { code: "asc" },
  });
  return rows.map((row) => ({
    ...organisationFromRow(row),
    source: row.source as OrganisationFileFormat,
    updatedAt: row.updatedAt.toISOString(),
  }));
}
