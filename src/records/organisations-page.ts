// One page of the organisations for the console, by code, with how many match in all.
import { isOrganisationType } from "../organisations/organisation-types.ts";
import { organisationSources, organisationStatuses, organisationTypes } from "./closed-sets.ts";
import type { Records } from "./database.ts";

export interface OrganisationRow {
  readonly code: string;
  readonly name: string;
  readonly type: string;
  readonly parentCode: string | null;
  readonly status: string;
  readonly source: string;
  readonly updatedAt: Date;
}

export async function organisationsPage(
  db: Records,
  query: { readonly text: string; readonly type: string | null; readonly limit: number; readonly offset: number },
): Promise<{ organisations: OrganisationRow[]; total: number }> {
  const text = query.text.trim();
  const where = {
    ...(query.type && isOrganisationType(query.type) ? { type: organisationTypes.stored(query.type) } : {}),
    ...(text ? { OR: [{ code: { startsWith: text.toUpperCase() } }, { name: { contains: text } }, { parentCode: text.toUpperCase() }] } : {}),
  };
  const [organisations, total] = await Promise.all([
    db.organisation.findMany({ where, orderBy: { code: "asc" }, take: query.limit, skip: query.offset }),
    db.organisation.count({ where }),
  ]);
  return {
    organisations: organisations.map((row) => ({
      ...row,
      type: organisationTypes.domain(row.type),
      status: organisationStatuses.domain(row.status),
      source: organisationSources.domain(row.source),
    })),
    total,
  };
}
