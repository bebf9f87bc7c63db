// NHS organisations from ODS data: an import written in one transaction (upsert by code, never
// a delete: an organisation missing from a file is left as it is), and reading them back.
import type { OrganisationFileFormat } from "../organisations/file-formats.ts";
import { normaliseCode } from "../organisations/organisation-codes.ts";
import type { Organisation, OrganisationType } from "../organisations/organisation-types.ts";
import type { OrganisationsFile } from "../organisations/read-organisations.ts";
import { organisationSources, organisationStatuses, organisationTypes } from "./closed-sets.ts";
import type { Database, Records, Transaction } from "./database.ts";
import { Prisma } from "./generated/client.ts";

const ORGANISATION = { code: true, name: true, type: true, parentCode: true, status: true } satisfies Prisma.OrganisationSelect;
type OrganisationRow = Prisma.OrganisationGetPayload<{ select: typeof ORGANISATION }>;

function organisationFromRow(row: OrganisationRow): Organisation {
  return {
    code: row.code,
    name: row.name,
    type: organisationTypes.domain(row.type),
    parentCode: row.parentCode,
    status: organisationStatuses.domain(row.status),
  };
}

export interface OrganisationImportSummary {
  readonly format: OrganisationFileFormat;
  /** Organisations in the file. */
  readonly rows: number;
  /** Codes not known before. */
  readonly created: number;
  /** Known codes whose name, type, parent, status or source changed (unchanged rows are not rewritten). */
  readonly updated: number;
  /** Organisations now closed that were not closed before, new ones that arrive closed included. */
  readonly closed: number;
}

// Rows per statement: well under SQLite's limit on bound parameters, and few round trips.
const BATCH_SIZE = 500;
// A full epraccur file is ~12,000 rows; Prisma's default of 5 s is too tight on a slow disk.
const TRANSACTION_TIMEOUT_MS = 120_000;

type Imported = Organisation & { readonly source: OrganisationFileFormat };

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) out.push(items.slice(i, i + BATCH_SIZE));
  return out;
}

async function storedByCode(tx: Transaction, codes: readonly string[]): Promise<Map<string, Imported>> {
  const stored = new Map<string, Imported>();
  for (const batch of batches(codes)) {
    const rows = await tx.organisation.findMany({ where: { code: { in: batch } }, select: { ...ORGANISATION, source: true } });
    for (const row of rows) stored.set(row.code, { ...organisationFromRow(row), source: organisationSources.domain(row.source) });
  }
  return stored;
}

const sameFields = (a: Imported, b: Imported): boolean =>
  a.name === b.name && a.type === b.type && a.parentCode === b.parentCode && a.status === b.status && a.source === b.source;

// Prisma has no multi-row upsert, and one update per row takes seconds for a full epraccur
// file whose names or source all changed; so one INSERT ... ON CONFLICT per batch. Raw SQL
// writes an enum's stored text, which @map keeps equal to the domain's value (the closed-sets
// test checks every one).
async function upsert(tx: Transaction, batch: readonly Organisation[], source: OrganisationFileFormat, updatedAt: Date): Promise<void> {
  const rows = batch.map((o) => Prisma.sql`(${o.code}, ${o.name}, ${o.type}, ${o.parentCode}, ${o.status}, ${source}, ${updatedAt})`);
  await tx.$executeRaw`
    INSERT INTO "Organisation" ("code", "name", "type", "parentCode", "status", "source", "updatedAt")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("code") DO UPDATE SET
      "name" = excluded."name", "type" = excluded."type", "parentCode" = excluded."parentCode",
      "status" = excluded."status", "source" = excluded."source", "updatedAt" = excluded."updatedAt"`;
}

/** Writes an organisations file that has already been read and checked, as of `at`. */
export async function importOrganisations(db: Database, file: OrganisationsFile, at: Date): Promise<OrganisationImportSummary> {
  const { format, organisations } = file;
  return db.$transaction(
    async (tx) => {
      const stored = await storedByCode(tx, organisations.map((o) => o.code));
      const toCreate: Organisation[] = [];
      const toUpdate: Organisation[] = [];
      let closed = 0;
      for (const organisation of organisations) {
        const before = stored.get(organisation.code);
        if (!before) toCreate.push(organisation);
        else if (!sameFields(before, { ...organisation, source: format })) toUpdate.push(organisation);
        if (organisation.status === "closed" && before?.status !== "closed") closed += 1;
      }
      for (const batch of batches([...toCreate, ...toUpdate])) await upsert(tx, batch, format, at);
      return { format, rows: organisations.length, created: toCreate.length, updated: toUpdate.length, closed };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
  );
}

/** The organisations ODS data knows among `codes`, by upper-case code; one query per form. */
export async function findOrganisations(db: Records, codes: readonly string[]): Promise<Map<string, Organisation>> {
  const wanted = [...new Set(codes.map(normaliseCode))].filter((code) => code !== "");
  if (wanted.length === 0) return new Map();
  const rows = await db.organisation.findMany({ where: { code: { in: wanted } }, select: ORGANISATION });
  return new Map(rows.map((row) => [row.code, organisationFromRow(row)]));
}

/** Those of `codes` (upper-case) that no import has loaded, sorted, each once. */
export async function codesNotLoaded(db: Records, codes: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(codes)].sort();
  const loaded = new Set<string>();
  for (const batch of batches(wanted)) {
    for (const row of await db.organisation.findMany({ where: { code: { in: batch } }, select: { code: true } })) loaded.add(row.code);
  }
  return wanted.filter((code) => !loaded.has(code));
}

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
      ...(filter.type ? { type: organisationTypes.stored(filter.type) } : {}),
      ...(filter.code !== undefined ? { code: normaliseCode(filter.code) } : {}),
    },
    orderBy: { code: "asc" },
  });
  return rows.map((row) => ({
    ...organisationFromRow(row),
    source: organisationSources.domain(row.source),
    updatedAt: row.updatedAt.toISOString(),
  }));
}
