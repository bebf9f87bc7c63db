// An OpenID Connect provider on loopback for the console's sign-in tests: oidc-provider with
// its development login pages, one confidential client (the console) that must use PKCE, and
// accounts whose ID tokens carry Entra-like app roles in a `roles` claim.
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestAccount {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
}

export interface IdentityProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Serve, now that the console's callback address is known. */
  start(redirectUri: string, accounts: Readonly<Record<string, TestAccount>>): Promise<void>;
  close(): Promise<void>;
}

/** A loopback port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe: Server = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function identityProvider(): Promise<IdentityProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "epact2-console";
  const clientSecret = "a-test-client-secret-of-some-length";
  let server: ReturnType<Provider["listen"]> | null = null;
  return {
    issuer,
    clientId,
    clientSecret,
    start(redirectUri, accounts) {
      const provider = new Provider(issuer, {
        clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }],
        pkce: { required: () => true },
        claims: { openid: ["sub", "email", "name", "roles"] },
        conformIdTokenClaims: false,
        findAccount: (_context, id) => {
          const account = accounts[id];
          if (!account) return undefined;
          return { accountId: id, claims: () => ({ sub: id, email: account.email, name: account.name, roles: [...account.roles] }) };
        },
      });
      return new Promise((resolve) => {
        server = provider.listen(port, "127.0.0.1", () => resolve());
      });
    },
    close() {
      return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}
