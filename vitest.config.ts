import { defineConfig } from "vitest/config";

// Two projects: `npm test` runs everything but the long fault tests (kills, outages and
// renumbered inboxes on real servers, and messages that wait out the budget of one message or
// fill its memory limit: about seven minutes on two cores); `npm run test:faults` runs those.
// CI runs both. `npm test` runs three test files at once: much of their time is spent waiting
// on the processes they start (the CLI, Dovecot, Chromium); the fault tests, which time kills,
// outages and budgets, run one file at a time.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/faults/**"] } },
      { extends: true, test: { name: "faults", include: ["test/faults/**/*.test.ts"] } },
    ],
  },
});
