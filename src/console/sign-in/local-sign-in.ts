// Sign-in with a local account (`intake users add`): the address as the intake reads
// addresses, the password checked by argon2id. Unknown, disabled and wrong all look alike,
// and take alike: the refusal says nothing about which addresses have an account.
import { normaliseAddress } from "../../message/addresses.ts";
import { findConsoleUser, type ConsoleUser } from "../../records/console-users.ts";
import type { Records } from "../../records/database.ts";
import { passwordMatches } from "./passwords.ts";

export async function signInLocally(db: Records, email: string, password: string): Promise<ConsoleUser | null> {
  const address = normaliseAddress(email)?.address ?? null;
  const user = address ? await findConsoleUser(db, address) : null;
  const usable = user && user.disabledAt === null ? user : null;
  const matches = await passwordMatches(usable?.passwordHash ?? null, password);
  return matches ? usable : null;
}
