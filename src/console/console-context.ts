// What every page of the console works with, built once at start (src/console/server.ts).
import type { Services } from "../intake/intake-context.ts";
import type { CaseworkPort } from "./casework-port.ts";
import type { OidcSignIn } from "./sign-in/oidc.ts";
import type { SessionLimits } from "./sign-in/session-standing.ts";
import type { Views } from "./views.ts";

export interface ConsoleContext {
  /** Everything the intake works with but the mailbox: the console logs no one into IMAP. */
  readonly services: Services;
  readonly views: Views;
  readonly casework: CaseworkPort;
  /** The address people's browsers use, without a trailing slash. */
  readonly publicUrl: string;
  readonly limits: SessionLimits;
  /** null: local accounts. */
  readonly oidc: OidcSignIn | null;
}
