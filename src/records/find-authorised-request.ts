import type { Records } from "./database.ts";

/** The authorised request with this fingerprint, if the same request was accepted before. */
export async function findAuthorisedRequest(db: Records, fingerprint: string): Promise<{ reference: string } | null> {
  return db.request.findFirst({
    where: { fingerprint, status: "authorised" },
    orderBy: { id: "asc" },
    select: { reference: true },
  });
}
