// Local account passwords: argon2id (the library's default, OWASP's parameters: 19 MiB,
// two passes), what a new password must be, and a check that costs the same whether or not
// the account exists, so the time of a refusal does not say which addresses have one.
import { hash, verify } from "@node-rs/argon2";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const COST = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Why `password` may not be set, or null when it may. Length is what makes a password hard to guess. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `the password must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `the password must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  if (password.trim() !== password) return "the password must not begin or end with a space";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, COST);
}

// A hash of nothing anyone can type in time: verified against when the account is unknown.
let standIn: Promise<string> | null = null;
const standInHash = (): Promise<string> => (standIn ??= hashPassword(`no account ${Math.random()} ${Date.now()}`));

/** True when `password` matches `storedHash`; with no stored hash, the same work and false. */
export async function passwordMatches(storedHash: string | null, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH * 4) return false;
  if (storedHash === null) {
    await verify(await standInHash(), password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
