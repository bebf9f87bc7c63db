import type { Records } from "./database.ts";

/** Withdraws a sender domain from an organisation; false when it was not registered. */
export async function removeOrganisationDomain(db: Records, organisationCode: string, domain: string): Promise<boolean> {
  const { count } = await db.organisationDomain.deleteMany({ where: { organisationCode, domain } });
  return count > 0;
}
