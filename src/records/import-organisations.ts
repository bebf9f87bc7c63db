// Writes an organisations file that has already been read and checked: one transaction,
// upsert by code, never a delete (an organisation missing from the file is left as it is).
import type { OrganisationFileFormat } from "../organisations/file-formats.ts";
import type { Organisation } from "../organisations/organisation-types.ts";
import type { OrganisationsFile } from "../organisations/read-organisations.ts";
import type { Database, Transaction } from "./database.ts";
import { Prisma } from "./generated/client.ts";

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

interface StoredFields {
  readonly name: string;
  readonly type: string;
  readonly parentCode: string | null;
  readonly status: string;
  readonly source: string;
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) out.push(items.slice(i, i + BATCH_SIZE));
  return out;
}

async function storedByCode(tx: Transaction, codes: readonly string[]): Promise<Map<string, StoredFields>> {
  const stored = new Map<string, StoredFields>();
  for (const batch of batches(codes)) {
    const rows = await tx.organisation.findMany({
      where: { code: { in: batch } },
      select: { code: true, name: true, type: true, parentCode: true, status: true, source: true },
    });
    for (const { code, ...fields } of rows) stored.set(code, fields);
  }
  return stored;
}

const sameFields = (a: StoredFields, b: StoredFields): boolean =>
  a.name === b.name && a.type === b.type && a.parentCode === b.parentCode && a.status === b.status && a.source === b.source;

// Prisma has no multi-row upsert, and one update per row takes seconds for a full epraccur
// file whose names or source all changed; so one INSERT ... ON CONFLICT per batch.
async function upsert(tx: Transaction, batch: readonly Organisation[], source: string, updatedAt: Date): Promise<void> {
  const rows = batch.map(
    (o) => Prisma.sql`(${o.code}, ${o.name}, ${o.type}, ${o.parentCode}, ${o.status}, ${source}, ${updatedAt})`,
  );
  await tx.$executeRaw`
    INSERT INTO "Organisation" ("code", "name", "type", "parentCode", "status", "source", "updatedAt")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("code") DO UPDATE SET
      "name" = excluded."name", "type" = excluded."type", "parentCode" = excluded."parentCode",
      "status" = excluded."status", "source" = excluded."source", "updatedAt" = excluded."updatedAt"`;
}

export async function importOrganisations(db: Database, file: OrganisationsFile): Promise<OrganisationImportSummary> {
  const { format, organisations } = file;
  return db.$transaction(
    async (tx) => {
      const stored = await storedByCode(tx, organisations.map((o) => o.code));
      const toCreate: Organisation[] = [];
      const toUpdate: Organisation[] = [];
      let closed = 0;
      for (const organisation of organisations) {
        const before = stored.get(organisation.code);
        const after: StoredFields = { ...organisation, source: format };
        if (!before) toCreate.push(organisation);
        else if (!sameFields(before, after)) toUpdate.push(organisation);
        if (organisation.status === "closed" && before?.status !== "closed") closed += 1;
      }
      const updatedAt = new Date();
      for (const batch of batches([...toCreate, ...toUpdate])) await upsert(tx, batch, format, updatedAt);
      return { format, rows: organisations.length, created: toCreate.length, updated: toUpdate.length, closed };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
  );
}
