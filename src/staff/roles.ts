// Who may do what in the console: an agent works the cases and reads everything; an admin
// may do that too and also keeps the reference data (authoriser directory, organisations).
// Pure; the roles come from local accounts or from the identity provider's app roles.

export const CONSOLE_ROLES = ["agent", "admin"] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export function isConsoleRole(value: string): value is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(value);
}

export function mayAdminister(role: ConsoleRole): boolean {
  return role === "admin";
}

/**
 * The console role an identity provider's `roles` claim grants (Entra ID app roles), the
 * strongest when it names both; null when it names neither (that person may not sign in).
 */
export function roleFromAppRoles(claim: unknown): ConsoleRole | null {
  const roles = Array.isArray(claim) ? claim.filter((r): r is string => typeof r === "string") : typeof claim === "string" ? [claim] : [];
  if (roles.includes("admin")) return "admin";
  if (roles.includes("agent")) return "agent";
  return null;
}
