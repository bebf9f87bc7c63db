// Outbox on the embedded defaults: each reply is written as one RFC 5322 .eml file,
// composed by nodemailer. The file is named after the Message-ID and written atomically,
// so a retried delivery replaces the same file instead of adding a second reply, and the
// file itself says whether an attempt that was cut short got as far as writing it.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { nodemailerMessage, type OutgoingMail, type Outbox, type SentRecord } from "./outbox.ts";

export function emlFileName(messageId: string): string {
  const readable = messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 120);
  const digest = createHash("sha256").update(messageId).digest("hex").slice(0, 8);
  return `${readable}.${digest}.eml`;
}

export function openEmlDirectoryOutbox(directory: string): Outbox {
  mkdirSync(directory, { recursive: true });
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    async send(mail: OutgoingMail): Promise<void> {
      const info = await transport.sendMail(nodemailerMessage(mail));
      const target = path.join(directory, emlFileName(mail.messageId));
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, info.message as Buffer);
      await rename(temporary, target);
    },
    lookUp(messageId: string): Promise<SentRecord> {
      return Promise.resolve(existsSync(path.join(directory, emlFileName(messageId))) ? "sent" : "not-sent");
    },
    close(): Promise<void> {
      transport.close();
      return Promise.resolve();
    },
  };
}
