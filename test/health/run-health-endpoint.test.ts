// `intake run` serves its health on INTAKE_HEALTH_PORT while it runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "../support/dovecot.ts";
import { createDkimKey } from "../support/mail-builder.ts";
import { startIntakeRun, type RunningIntake } from "../support/running-intake.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";

let ws: Workspace;
let intake: RunningIntake;
let port: number;

beforeAll(async () => {
  ws = await createWorkspace([await createDkimKey("nhs.net", "health1")]);
  [port] = (await freePorts(1)) as [number];
  intake = startIntakeRun({ ...ws.env, INTAKE_HEALTH_PORT: String(port), INTAKE_SCHEDULE: "0 * * * *", INTAKE_LOG_LEVEL: "info" });
  await intake.waitForLog("intake pass finished");
});
afterAll(async () => {
  await intake.stop();
  ws.remove();
});

describe("intake run's health endpoint", () => {
  it("answers 200 with the assessment once a pass has fetched", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("answers 404 elsewhere", async () => {
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });

  it("stops with the process", async () => {
    const ended = await intake.stop();
    expect(ended.code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});
