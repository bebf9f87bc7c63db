// Sign-in through OpenID Connect (Microsoft Entra ID for NHSmail in production): the
// authorization code flow with PKCE, state and nonce (openid-client). Who the person is comes
// from the ID token (email, or the Entra user name, and name); what they may do from its
// `roles` claim, the app roles `agent` and `admin`. The issuer is discovered on first use,
// so the console starts even while the provider cannot be reached.
import * as oidc from "openid-client";
import type { OidcSetting } from "../../config/config.ts";
import { normaliseAddress } from "../../message/addresses.ts";
import { roleFromAppRoles, type ConsoleRole } from "../../staff/roles.ts";

/** What the browser must bring back: kept in the encrypted session cookie between the two legs. */
export interface OidcFlow {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

export interface OidcIdentity {
  readonly email: string;
  readonly name: string;
  /** null: signed in at the provider, but given no role in this console. */
  readonly role: ConsoleRole | null;
}

export interface OidcSignIn {
  begin(): Promise<{ url: string; flow: OidcFlow }>;
  /** @throws when the provider's answer does not check out (state, nonce, PKCE, signature, issuer). */
  finish(callbackUrl: URL, flow: OidcFlow): Promise<OidcIdentity>;
}

export interface OidcOptions {
  /** Tests only: a provider on plain http (loopback). Production issuers are https (config). */
  readonly allowInsecureIssuer?: boolean;
  readonly timeoutSeconds?: number;
}

/** The address an ID token names: `email`, else Entra's `preferred_username` when it is one. */
function addressOf(claims: Record<string, unknown>): string | null {
  for (const claim of [claims.email, claims.preferred_username]) {
    if (typeof claim !== "string") continue;
    const address = normaliseAddress(claim);
    if (address) return address.address;
  }
  return null;
}

export function createOidcSignIn(setting: OidcSetting, redirectUri: string, options: OidcOptions = {}): OidcSignIn {
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(new URL(setting.issuer), setting.clientId, setting.clientSecret, undefined, {
        timeout: options.timeoutSeconds ?? 10,
        ...(options.allowInsecureIssuer ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  };
  return {
    async begin() {
      const config = await configuration();
      const flow = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: "openid profile email",
        response_type: "code",
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: "S256",
        state: flow.state,
        nonce: flow.nonce,
      });
      return { url: url.href, flow };
    },
    async finish(callbackUrl, flow) {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = (tokens.claims() ?? {}) as Record<string, unknown>;
      const email = addressOf(claims);
      if (!email) throw new Error("the ID token names no email address");
      const name = typeof claims.name === "string" && claims.name.trim() !== "" ? claims.name.trim() : email;
      return { email, name, role: roleFromAppRoles(claims.roles) };
    },
  };
}
