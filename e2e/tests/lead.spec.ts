import { expect, test } from "@playwright/test";
import { ADMIN, signInAs } from "./support/journey";
import { checkKeyPage } from "./support/page-checks";

/**
 * The portfolio lead's minute, on the demo (signed in as the demo admin, who leads the team's
 * portfolio): the counters say where the models stand, a counter narrows the table to this week's
 * regressions, and the rain model's alert — its New York field gap fails the readiness gate —
 * opens the shadow evaluation whose charts show why. Then the flight model: its challenger tops
 * the February benchmark, paired against production on the same rows, and fails the June field
 * gap — its readiness report shows both. Reads only: the journeys after it see the demo as seeded.
 */

const RAIN = "Rain tomorrow (Seattle)";
const FLIGHTS = "Flight delay (US, 2001)";
/** The seeded shadow evaluation waits for the benchmark runs, the scoring and the sweeper's readiness pass. */
const SEEDED_VERDICTS_MS = 150_000;

test("a portfolio lead scans the portfolio and opens a regression's evidence", async ({ page }, testInfo) => {
  test.setTimeout(SEEDED_VERDICTS_MS + 90_000);
  await signInAs(page, ADMIN);

  const rain = page.getByTestId("portfolio-row").filter({ hasText: RAIN });
  const gapAlert = rain.locator('[data-testid="portfolio-alert"][data-kind="gap_gate_failed"]');
  await test.step("the counters and the table show where each model stands", async () => {
    // The worker judges readiness in the background (its sweeper): reload until the rain model's is in.
    await expect(async () => {
      await page.goto("/");
      await expect(gapAlert).toHaveCount(1, { timeout: 2_000 });
    }).toPass({ timeout: SEEDED_VERDICTS_MS, intervals: [3_000] });
    const notReady = Number(await page.getByTestId("portfolio-counter-not_ready").locator(".tabular").textContent());
    expect(notReady).toBeGreaterThanOrEqual(1);
    await expect(rain).toContainText("Not ready");
    await checkKeyPage(page, testInfo, "lead-portfolio");
  });

  await test.step("the regressions counter narrows the table to this week's regressions", async () => {
    const counter = page.getByTestId("portfolio-counter-regressions");
    const regressions = Number(await counter.locator(".tabular").textContent());
    expect(regressions).toBeGreaterThanOrEqual(1);
    await counter.click();
    await expect(page).toHaveURL(/[?&]alert=week/);
    await expect(counter).toHaveAttribute("aria-current", "true");
    // Every row left has an alert, and the table holds as many models as the counter said.
    const rows = page.getByTestId("portfolio-row");
    await expect(rows).toHaveCount(regressions);
    for (const row of await rows.all()) await expect(row.getByTestId("portfolio-alert").first()).toBeVisible();
    await expect(gapAlert).toContainText(/gap/i);
    await checkKeyPage(page, testInfo, "lead-regressions");
  });

  await test.step("the rain model's alert opens the New York shadow evaluation: the gap, drawn", async () => {
    await gapAlert.getByRole("link").click();
    await expect(page).toHaveURL(/\/shadow\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("shadow-status")).toHaveAttribute("data-status", "succeeded");
    await expect(page.getByTestId("shadow-gap-chart")).toBeVisible();
    // Champion vs challenger, their difference, the gap, latency and label maturity: all drawn.
    await checkKeyPage(page, testInfo, "lead-regression-evidence", { minCharts: 4 });
  });

  await test.step("the flight challenger wins the benchmark against production and fails the field gap", async () => {
    await page.goto("/");
    await page.getByTestId("portfolio-row").filter({ hasText: FLIGHTS }).getByRole("link", { name: FLIGHTS }).click();
    await expect(page.getByTestId("model-title")).toHaveText(FLIGHTS);
    const verdict = page.locator('[data-testid="readiness-verdict"][data-version="v2-flight-history"]');
    const panel = page.locator("details").filter({ has: verdict });
    const gate = (id: string) => panel.locator(`[data-testid="readiness-gate"][data-gate="${id}"]`);
    // The sample's June shadow evaluation is scored once its benchmark runs are over.
    await expect(async () => {
      await page.reload();
      await panel.locator("summary").click();
      await expect(gate("gap-roc-auc")).toHaveAttribute("data-status", "fail", { timeout: 5_000 });
    }).toPass({ timeout: 120_000, intervals: [3_000] });
    // Paired with production's run on the same February rows: clearly better (+0.10 roc_auc).
    await expect(gate("benchmark-roc-auc-vs-production")).toHaveAttribute("data-status", "pass");
    await expect(gate("benchmark-roc-auc-vs-production")).toContainText(/\+?0\.1\d{2}/);
    await expect(verdict).toHaveAttribute("data-verdict", "not_ready");
    await checkKeyPage(page, testInfo, "lead-flight-model");
  });
});
