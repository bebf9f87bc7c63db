// Opens the outbox the configuration names: a directory of .eml files, or an SMTP server.
import { trustedAuthorities, type Config } from "../config/config.ts";
import type { TokenSource } from "../credentials/mail-token.ts";
import { openEmlDirectoryOutbox } from "./eml-directory-outbox.ts";
import type { Outbox } from "./outbox.ts";
import { openSmtpOutbox, type SmtpAuth } from "./smtp-outbox.ts";

export function openOutbox(config: Config, token: TokenSource | null): Outbox {
  const setting = config.outbox;
  if (setting.kind === "eml-directory") return openEmlDirectoryOutbox(setting.path);
  let auth: SmtpAuth | undefined;
  if (setting.user && token) auth = { kind: "oauth2", user: setting.user, token };
  else if (setting.user) auth = { kind: "password", user: setting.user, password: setting.password ?? "" };
  return openSmtpOutbox({
    host: setting.host,
    port: setting.port,
    security: setting.security,
    ...(auth ? { auth } : {}),
    tls: { rejectUnauthorized: true, ...trustedAuthorities(config.tlsCa) },
  });
}
