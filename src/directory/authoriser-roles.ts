// The roles that may authorise ePACT2 access, as the registering page names them (the forms
// offer these labels as the authoriser's choice), and how a role written on a form or in a
// directory file is recognised.

export const AUTHORISER_ROLES = [
  "gp",
  "pcn-clinical-director",
  "caldicott-guardian",
  "nominated-authoriser",
  "regional-director-of-finance",
  "icb-finance-lead",
  "provider-finance-lead",
] as const;

export type AuthoriserRole = (typeof AUTHORISER_ROLES)[number];

/** What each role is called where a person chooses it: the forms' "Authoriser role" choice. */
export const AUTHORISER_ROLE_LABELS: Readonly<Record<AuthoriserRole, string>> = {
  gp: "Registered GP at the practice",
  "pcn-clinical-director": "PCN Clinical Director",
  "caldicott-guardian": "Caldicott Guardian",
  "nominated-authoriser": "Nominated authoriser",
  "regional-director-of-finance": "Regional Director of Finance",
  "icb-finance-lead": "ICB Deputy Director of Finance, or similar",
  "provider-finance-lead": "Provider/Trust Head of Finance, or similar",
};

export function isAuthoriserRole(value: string): value is AuthoriserRole {
  return (AUTHORISER_ROLES as readonly string[]).includes(value);
}

const words = (text: string): string =>
  ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()} `;

/**
 * The roles a free-text job role may stand for, most specific first. "Director of Finance"
 * could be regional, ICB or provider: the form's route decides which one fits.
 */
export function rolesNamedBy(text: string): AuthoriserRole[] {
  const w = words(text);
  if (isAuthoriserRole(text.trim().toLowerCase())) return [text.trim().toLowerCase() as AuthoriserRole];
  // A label chosen on a form names its one role, though its words ("Director of Finance") could name more.
  const labelled = AUTHORISER_ROLES.find((role) => words(AUTHORISER_ROLE_LABELS[role]) === w);
  if (labelled) return [labelled];
  const roles: AuthoriserRole[] = [];
  if (w.includes(" caldicott ")) roles.push("caldicott-guardian");
  if (w.includes(" nominated ")) roles.push("nominated-authoriser");
  if (w.includes(" clinical director ")) roles.push("pcn-clinical-director");
  const finance = / financ(e|ial) /.test(w) || / cfo /.test(w);
  if (finance && w.includes(" regional ")) roles.push("regional-director-of-finance");
  if (finance && !w.includes(" regional ")) roles.push("icb-finance-lead", "provider-finance-lead");
  if (finance && w.includes(" director ") && !w.includes(" regional ")) roles.push("regional-director-of-finance");
  if (/ (gp|general practitioner|gp partner|salaried gp|gp principal) /.test(w)) roles.push("gp");
  return [...new Set(roles)];
}
