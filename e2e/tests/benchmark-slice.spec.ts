import { expect, test } from "@playwright/test";
import { CUTOFF, journeyData, MEMBER, selectOptionContaining } from "./support/journey";
import { checkKeyPage } from "./support/page-checks";

/**
 * The foundation's thin slice, as a model owner clicks it: sign in → register a model and an
 * offline version → upload a labelled dataset → define a benchmark → upload the version's
 * predictions → run the benchmark through the worker → watch the run finish → read its metrics.
 * Signs in as the seeded demo member (the test command seeds the demo on the test database).
 */

test("a model owner benchmarks an offline version end to end", async ({ page }, testInfo) => {
  const tag = Date.now().toString(36);
  const modelName = `E2E churn ${tag}`;
  const datasetName = `E2E customers ${tag}`;
  const benchmarkName = `E2E temporal ${tag}`;
  const data = journeyData();
  const shot = async (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await test.step("sign in (a wrong password is refused first)", async () => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByLabel("Email").fill(MEMBER.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("sign-in-error")).toBeVisible();
    await page.getByLabel("Password").fill(MEMBER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).not.toHaveURL(/\/sign-in/);
    await checkKeyPage(page, testInfo, "owner-portfolio");
  });

  await test.step("register a model", async () => {
    await page.getByTestId("register-model").click();
    // A name that is only spaces passes the browser's `required` but is refused next to the field.
    await page.getByTestId("model-name").fill("   ");
    await page.getByTestId("model-task").selectOption("binary_classification");
    await page.getByTestId("model-submit").click();
    await expect(page.getByTestId("model-name")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/models\/new/);
    await page.getByTestId("model-name").fill(modelName);
    await page.getByTestId("model-task").selectOption("binary_classification");
    await page.getByTestId("model-submit").click();
    await expect(page.getByTestId("model-title")).toHaveText(modelName);
  });

  const modelUrl = page.url();

  await test.step("register an offline version", async () => {
    await page.getByTestId("version-label").fill("v1.0.0");
    await page.getByTestId("version-submit").click();
    await expect(page.locator('[data-testid="version-panel"][data-version="v1.0.0"]')).toBeVisible();
  });

  await test.step("upload a labelled dataset", async () => {
    await page.goto("/datasets");
    await page.getByTestId("dataset-name").fill(datasetName);
    await page.getByTestId("dataset-file").setInputFiles({
      name: "customers.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(data.dataset),
    });
    // Choosing the file shows its columns with their inferred types, for confirmation.
    const columns = page.getByTestId("dataset-columns");
    await expect(columns.locator('[data-column="date"]')).toHaveAttribute("data-type", "timestamp");
    await expect(columns.locator('[data-column="label"]')).toHaveAttribute("data-type", "number");
    await expect(page.getByTestId("dataset-timestamp-column")).toHaveValue("date");
    await page.getByTestId("dataset-id-column").selectOption("id");
    // The id column as the label is refused next to the field, and nothing is stored.
    await page.getByTestId("dataset-label-column").selectOption("id");
    await page.getByTestId("dataset-submit").click();
    await expect(page.getByText("The label column cannot be the id column")).toBeVisible();
    await page.getByTestId("dataset-label-column").selectOption("label");
    await page.getByTestId("dataset-submit").click();
    await expect(page.getByTestId("dataset-done")).toContainText("60");
  });

  await test.step("define a benchmark with a temporal split", async () => {
    await page.reload();
    await selectOptionContaining(page, "benchmark-dataset-version", datasetName);
    await page.getByTestId("benchmark-name").fill(benchmarkName);
    await page.getByTestId("benchmark-split").selectOption("temporal");
    await page.getByTestId("benchmark-cutoff").fill(CUTOFF);
    await page.getByTestId("benchmark-submit").click();
    await expect(page.getByTestId("benchmark-done")).toBeVisible();
    await shot("datasets");
  });

  const panel = page.locator('[data-testid="version-panel"][data-version="v1.0.0"]');

  await test.step("upload the version's predictions for the dataset version", async () => {
    await page.goto(modelUrl);
    await selectOptionContaining(page, "predictions-dataset-version", datasetName);
    await panel.getByTestId("predictions-file").setInputFiles({
      name: "predictions.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(data.predictions),
    });
    await panel.getByTestId("predictions-submit").click();
    await expect(panel.getByTestId("predictions-done")).toBeVisible();
  });

  await test.step("run the benchmark and watch it finish", async () => {
    await page.reload();
    await selectOptionContaining(page, "run-benchmark-select", benchmarkName);
    await panel.getByTestId("run-benchmark-submit").click();
    await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}/);
    // Live: the page shows the run running, part-way, before it shows it finished.
    await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "running", { timeout: 30_000 });
    await expect
      .poll(async () => Number(await page.getByTestId("run-progress").getAttribute("aria-valuenow")))
      .toBeGreaterThan(0);
    const midway = Number(await page.getByTestId("run-progress").getAttribute("aria-valuenow"));
    expect(midway).toBeLessThan(100);
    await shot("run-in-progress");
    await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
    await expect(page.getByTestId("run-progress")).toHaveAttribute("aria-valuenow", "100");
  });

  await test.step("read the metrics", async () => {
    for (const [metric, value] of Object.entries(data.expected)) {
      const row = page.locator(`[data-testid="run-metric-row"][data-metric="${metric}"]`);
      await expect(row).toContainText(value.toFixed(3));
      await expect(row).toContainText(String(data.testRows));
    }
    await expect(page.getByTestId("run-dataset-hash")).toHaveText(/[0-9a-f]{64}/);
    // The chart drew one bar per metric, not an empty frame.
    const metricCount = await page.getByTestId("run-metric-row").count();
    expect(metricCount).toBeGreaterThanOrEqual(2);
    const bars = page.getByTestId("run-metrics-chart").locator(".recharts-bar-rectangle");
    await expect(bars).toHaveCount(metricCount);
    await checkKeyPage(page, testInfo, "owner-run-offline", { minCharts: 2 });
  });
});
