import { type InferenceTestServer, startInferenceTestServer } from "@fieldtest/outbound/testing";
import { expect, type Page, test } from "@playwright/test";
import { MEMBER, SEATTLE_CUTOFF, seattleRainCsv, selectOptionContaining } from "./support/journey";

/**
 * On real data (Seattle weather 2012–2015, "rain tomorrow"), models behind endpoints: a builtin
 * baseline Fieldtest trains itself, and a model served by a
 * real Open Inference V2 server on loopback (allowed by the test command's FIELDTEST_OUTBOUND_ALLOW),
 * called with a secret. Both are benchmarked on a temporal split and show metrics with intervals
 * and a reliability diagram; the baseline is then scheduled to run every 10 seconds and fires.
 */

const SECRET = "Bearer e2e-endpoint-secret";
let server: InferenceTestServer;

test.beforeAll(async () => {
  server = await startInferenceTestServer({
    // Rain tomorrow is likelier after a wet, cool day.
    models: { churn: { coefficients: { precipitation: 0.12, temp_max: -0.06 }, intercept: 0.3 } },
    requireHeader: { name: "authorization", value: SECRET },
  });
});

test.afterAll(async () => {
  await server?.close();
});

async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(MEMBER.email);
  await page.getByLabel("Password").fill(MEMBER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

async function runAndWait(page: Page, versionLabel: string, benchmarkName: string) {
  const panel = page.locator(`[data-testid="version-panel"][data-version="${versionLabel}"]`);
  await selectOptionContaining(panel, "run-benchmark-select", benchmarkName);
  await panel.getByTestId("run-benchmark-submit").click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });
}

test("a model owner benchmarks a builtin baseline and an Open Inference V2 endpoint", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36);
  const modelName = `E2E endpoints ${tag}`;
  const datasetName = `E2E endpoint data ${tag}`;
  const benchmarkName = `E2E endpoint temporal ${tag}`;
  const data = seattleRainCsv();
  const shot = async (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await signIn(page);

  await test.step("upload a dataset and define a temporal benchmark", async () => {
    await page.goto("/datasets");
    await page.getByTestId("dataset-name").fill(datasetName);
    await page.getByTestId("dataset-file").setInputFiles({
      name: "seattle-rain.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(data.csv),
    });
    // The id column holds dates too: the inferred types are shown, the roles are confirmed by hand.
    const columns = page.getByTestId("dataset-columns");
    await expect(columns.locator('[data-column="weather"]')).toHaveAttribute("data-type", "string");
    await expect(columns.locator('[data-column="day"]')).toHaveAttribute("data-type", "timestamp");
    await page.getByTestId("dataset-id-column").selectOption("id");
    await page.getByTestId("dataset-timestamp-column").selectOption("day");
    await page.getByTestId("dataset-label-column").selectOption("rain_tomorrow");
    await page.getByTestId("dataset-submit").click();
    await expect(page.getByTestId("dataset-done")).toContainText(data.rows.toLocaleString("en-US"));
    await page.reload();
    await selectOptionContaining(page, "benchmark-dataset-version", datasetName);
    await page.getByTestId("benchmark-name").fill(benchmarkName);
    await page.getByTestId("benchmark-split").selectOption("temporal");
    await page.getByTestId("benchmark-cutoff").fill(SEATTLE_CUTOFF);
    await page.getByTestId("benchmark-submit").click();
    await expect(page.getByTestId("benchmark-done")).toBeVisible();
  });

  await test.step("register a model with a builtin baseline and a V2 endpoint", async () => {
    await page.goto("/models/new");
    await page.getByTestId("model-name").fill(modelName);
    await page.getByTestId("model-task").selectOption("binary_classification");
    await page.getByTestId("model-submit").click();
    await expect(page.getByTestId("model-title")).toHaveText(modelName);

    await page.getByTestId("version-label").fill("baseline-lr");
    await page.getByTestId("version-endpoint").selectOption("builtin");
    await page.getByTestId("version-algorithm").selectOption("logistic_regression");
    await page.getByTestId("version-submit").click();
    await expect(page.locator('[data-testid="version-panel"][data-version="baseline-lr"]')).toBeVisible();

    // A cloud metadata address is refused next to the URL field, and nothing is registered.
    await page.getByTestId("version-label").fill("v2-served");
    await page.getByTestId("version-endpoint").selectOption("open-inference-v2");
    await page.getByTestId("version-url").fill("http://169.254.169.254");
    await page.getByTestId("version-model-name").fill("churn");
    await page.getByTestId("version-secret").fill(SECRET);
    await page.getByTestId("version-submit").click();
    await expect(page.getByTestId("version-url")).toHaveAttribute("aria-invalid", "true");
    await page.getByTestId("version-url").fill(server.url);
    await page.getByTestId("version-submit").click();
    const panel = page.locator('[data-testid="version-panel"][data-version="v2-served"]');
    await expect(panel).toBeVisible();
    // The secret is never shown again, only that one is stored.
    await expect(panel.getByTestId("endpoint-summary")).toContainText("stored encrypted");
    await expect(page.getByText(SECRET)).toHaveCount(0);

    await selectOptionContaining(panel, "endpoint-test-dataset", datasetName);
    await panel.getByTestId("endpoint-test-submit").click();
    await expect(panel.getByTestId("endpoint-test-result")).toHaveAttribute("data-ok", "true");
    await shot("model-endpoints");
  });

  const modelUrl = page.url();
  for (const version of ["baseline-lr", "v2-served"]) {
    await test.step(`run the benchmark on ${version}`, async () => {
      await page.goto(modelUrl);
      await runAndWait(page, version, benchmarkName);
      const rocRow = page.locator('[data-testid="run-metric-row"][data-metric="roc_auc"]');
      await expect(rocRow).toContainText(String(data.testRows));
      // An interval, "lo – hi", next to every metric.
      await expect(rocRow).toContainText(/\d\.\d{3} – \d\.\d{3}/);
      await expect(page.getByTestId("run-reliability")).toBeVisible();
      await expect(page.getByTestId("run-roc")).toBeVisible();
      await shot(`run-${version}`);
    });
  }
  await test.step("rank both versions on the benchmark's leaderboard", async () => {
    await page.goto("/datasets");
    await page.getByTestId("benchmark-row").filter({ hasText: benchmarkName }).getByTestId("benchmark-link").click();
    await expect(page).toHaveURL(/\/benchmarks\/[0-9a-f-]{36}/);
    const rows = page.getByTestId("leaderboard-table").getByTestId("leaderboard-row");
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toHaveAttribute("data-rank", "1");
    for (const version of ["baseline-lr", "v2-served"]) {
      await expect(page.locator(`[data-testid="leaderboard-row"][data-version="${version}"]`)).toContainText(
        /\d\.\d{3}/,
      );
    }
    await shot("leaderboard");
  });

  await test.step("schedule a recurring run of the baseline and see it fire", async () => {
    const form = page.getByTestId("schedule-form");
    await selectOptionContaining(form, "schedule-target", "baseline-lr");
    await form.getByTestId("schedule-cadence").selectOption("interval");
    await form.getByTestId("schedule-every").fill("10");
    await form.getByTestId("schedule-submit").click();
    const row = page.getByTestId("schedule-row");
    await expect(row).toHaveCount(1);
    // An interval schedule fires when created, then every 10 s: its first run appears and finishes.
    await expect
      .poll(
        async () => {
          await page.reload();
          return Number(await row.getByTestId("schedule-runs").locator(".tabular").textContent());
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toBeGreaterThanOrEqual(1);
    await shot("schedules");
    await row.getByTestId("schedule-pause").click();
    await expect(row).toHaveAttribute("data-paused", "true");
  });

  expect(server.stats.inferenceRequests).toBeGreaterThan(0);
  expect(
    server.log.filter((entry) => entry.path.endsWith("/infer")).every((e) => e.headers.authorization === SECRET),
  ).toBe(true);
});
