// OAuth 2.0 access tokens for the mail account (NHSmail is Microsoft 365: basic
// authentication for IMAP and SMTP was retired). Client-credentials flow with MSAL; MSAL
// keeps the token in memory and fetches a new one before the old one expires, so every
// connection asks here and never holds a stale token.
import { ConfidentialClientApplication } from "@azure/msal-node";
import type { OAuthSetting } from "../config/config.ts";

export type TokenSource = () => Promise<string>;

export class MailTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MailTokenError";
  }
}

export function createMailTokenSource(setting: OAuthSetting): TokenSource {
  const application = new ConfidentialClientApplication({
    auth: {
      clientId: setting.clientId,
      clientSecret: setting.clientSecret,
      authority: `${setting.authorityHost}/${setting.tenant}`,
    },
  });
  return async () => {
    let result;
    try {
      result = await application.acquireTokenByClientCredential({ scopes: [setting.scope] });
    } catch (error) {
      throw new MailTokenError(`no mail token from ${setting.authorityHost}: ${(error as Error).message}`, { cause: error });
    }
    if (!result?.accessToken) throw new MailTokenError(`no mail token from ${setting.authorityHost}: empty answer`);
    return result.accessToken;
  };
}
