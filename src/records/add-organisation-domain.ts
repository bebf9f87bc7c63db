import type { Records } from "./database.ts";

/** Registers a sender domain for an organisation; false when it was registered already. */
export async function addOrganisationDomain(db: Records, organisationCode: string, domain: string): Promise<boolean> {
  const existing = await db.organisationDomain.findUnique({
    where: { organisationCode_domain: { organisationCode, domain } },
  });
  if (existing) return false;
  await db.organisationDomain.create({ data: { organisationCode, domain } });
  return true;
}
