import { defineConfig } from "@playwright/test";

// Journeys run against the production build (`next build` happens before, in npm test),
// the real worker, PostgreSQL, Redis and Debian's Chromium. The test command sets
// DATABASE_URL, FIELDTEST_QUEUE_PREFIX and PORT to the tests' own values.
const port = Number(process.env.PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "./playwright-report" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: `npm start -w @fieldtest/web -- --port ${port}`,
      cwd: "..",
      url: `${baseURL}/sign-in`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      command: "npm start -w @fieldtest/worker",
      cwd: "..",
      // Slows scoring a little (test-only setting) so the journey can watch a run progress live.
      env: { ...process.env, FIELDTEST_WORKER_THROTTLE_MS: "150" } as Record<string, string>,
      // The worker has no HTTP port; Playwright waits on the web server only.
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      stdout: "pipe",
    },
  ],
});
