// An examiner for tests: the intake's settings, the DNS answers for a test-only nhs.net key, and
// signed mail from Dr Bob Authoriser carrying whatever attachments a test needs.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { afterEach, beforeAll } from "vitest";
import type { Examination } from "../../../src/examine/examination.ts";
import { createExaminer, examinationMemory, type Examiner, type ExaminerOptions } from "../../../src/examine/examiner.ts";
import { parseDnsOverrides } from "../../../src/sender/dns-overrides.ts";
import { buildMail, createDkimKey, dnsOverridesOf, signMail, type DkimKey, type MailAttachment } from "../../support/mail-builder.ts";

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface ExaminerRig {
  readonly nhs: DkimKey;
  /** An examiner with the intake's settings (a 15 s budget, the limits for 25 MB messages) unless told otherwise. */
  readonly examiner: (options?: Partial<Pick<ExaminerOptions, "budgetMs" | "memory">>) => Examiner;
  /** A signed email from Dr Bob Authoriser carrying `attachments`, as an authoriser sends a form. */
  readonly mailWith: (attachments: readonly MailAttachment[], extra?: { rawHeaders?: string[]; text?: string }) => Promise<Buffer>;
  /** Closes every examiner made since the last call. */
  readonly closeAll: () => Promise<void>;
}

export async function createExaminerRig(selector: string): Promise<ExaminerRig> {
  const nhs = await createDkimKey("nhs.net", selector);
  const examiners: Examiner[] = [];
  return {
    nhs,
    examiner(options = {}) {
      const created = createExaminer({
        settings: {
          maxAttachmentBytes: MAX_ATTACHMENT_BYTES,
          senderPolicy: { trustedAuthservIds: [] },
          signingKey: new Uint8Array(32),
          ownAddress: "epact2.registrations@nhsbsa.nhs.uk",
        },
        dnsOverrides: parseDnsOverrides(JSON.stringify(dnsOverridesOf([nhs])), "test"),
        budgetMs: 15_000,
        memory: examinationMemory(25 * 1024 * 1024),
        ...options,
      });
      examiners.push(created);
      return created;
    },
    async mailWith(attachments, extra = {}) {
      const raw = await buildMail({
        from: "Dr Bob Authoriser <bob.authoriser@nhs.net>",
        to: "dataservicessupport@nhsbsa.nhs.uk",
        subject: "ePACT2 registration form",
        text: extra.text ?? "Please find the form attached.",
        attachments,
        ...(extra.rawHeaders ? { rawHeaders: extra.rawHeaders } : {}),
      });
      return signMail(raw, nhs);
    },
    async closeAll() {
      await Promise.all(examiners.splice(0).map((examiner) => examiner.close()));
    },
  };
}

/**
 * The rig of one test file: made before its tests, every examiner a test made closed after it.
 * Its members may be taken apart (`const { examiner, mailWith } = rig`) at the file's top.
 */
export function examinerRigForThisFile(selector: string): ExaminerRig {
  let rig: ExaminerRig | null = null;
  const made = (): ExaminerRig => {
    if (!rig) throw new Error("the examiner rig is made in beforeAll: use it inside a test");
    return rig;
  };
  beforeAll(async () => {
    rig = await createExaminerRig(selector);
  });
  afterEach(() => made().closeAll());
  return {
    get nhs() {
      return made().nhs;
    },
    examiner: (options) => made().examiner(options),
    mailWith: (attachments, extra) => made().mailWith(attachments, extra),
    closeAll: () => made().closeAll(),
  };
}

export const pdf = (content: Uint8Array, filename = "form.pdf"): MailAttachment => ({ filename, content, contentType: "application/pdf" });

export function examined(examination: Examination): Extract<Examination, { kind: "examined" }> {
  if (examination.kind !== "examined") throw new Error(`expected a complete examination, got ${JSON.stringify(examination)}`);
  return examination;
}

/** Counts the child processes started while `body` runs (Node publishes each on this channel). */
export async function countingProcesses<T>(body: () => Promise<T>): Promise<{ result: T; processesStarted: number }> {
  let processesStarted = 0;
  const count = (): void => void processesStarted++;
  subscribe("child_process", count);
  try {
    return { result: await body(), processesStarted };
  } finally {
    unsubscribe("child_process", count);
  }
}
