import { defineConfig } from "vitest/config";

// Two projects: `npm test` runs everything but the long fault tests (kills, outages and
// renumbered inboxes on real servers, about three minutes on two cores); `npm run
// test:faults` runs those. CI runs both.
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
