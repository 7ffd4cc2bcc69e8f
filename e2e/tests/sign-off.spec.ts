import { expect, type Page, test } from "@playwright/test";
import { ADMIN, MEMBER, REVIEWER, selectOptionContaining, signInAs } from "./support/journey";
import { checkKeyPage } from "./support/page-checks";

/**
 * A version from registration to production, as its owner, a reviewer and an admin live it, on the
 * demo's rain model: the member registers a new builtin version, benchmarks it on the Seattle
 * holdout, shadows it on New York's first half of 2015 and asks for review; the reviewer reads the
 * benchmark and shadow evidence side by side and approves (with an override: 181 labelled events
 * are fewer than the default policy's 1,000, so the report cannot say "ready"); the member promotes
 * it, retiring v1-logreg; the admin's audit log holds every step in one intact chain.
 *
 * Runs last (files run in name order, one worker): shadow.spec.ts reads v1-logreg in production.
 */

const MODEL = "Rain tomorrow (Seattle)";
const BENCHMARK = "Seattle rain — temporal holdout";
const CHAMPION = "v1-logreg";

test.use({ timezoneId: "UTC" });

const localValue = (iso: string) => new Date(iso).toISOString().slice(0, 16);

async function finalShadowStatus(page: Page) {
  const status = page.getByTestId("shadow-status");
  await expect(status).toHaveAttribute("data-status", /^(succeeded|failed)$/, { timeout: 120_000 });
  const final = await status.getAttribute("data-status");
  if (final === "failed")
    throw new Error(`shadow evaluation failed: ${await page.getByTestId("shadow-error").textContent()}`);
}

test("a new version goes from registration to production through review, and the audit log shows the chain", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const label = `v3-gbm-${Date.now().toString(36)}`;
  let modelUrl = "";

  await test.step("the member registers a builtin version and benchmarks it on the Seattle holdout", async () => {
    await signInAs(page, MEMBER);
    await page.getByRole("link", { name: MODEL, exact: true }).first().click();
    await expect(page.getByTestId("model-title")).toHaveText(MODEL);
    modelUrl = page.url();
    await page.getByTestId("version-label").fill(label);
    await page.getByTestId("version-endpoint").selectOption("builtin");
    await page.getByTestId("version-algorithm").selectOption("gradient_boosting");
    await page.getByTestId("version-submit").click();
    const panel = page.locator(`[data-testid="version-panel"][data-version="${label}"]`);
    await expect(panel).toBeVisible();
    await selectOptionContaining(panel, "run-benchmark-select", BENCHMARK);
    await panel.getByTestId("run-benchmark-submit").click();
    await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}/);
    await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });
    // Right after the run the worker pairs it with production's run on the same test rows.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("run-vs-production")).toContainText(`production ${CHAMPION}`, { timeout: 2_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000] });
    await expect(page.locator('[data-testid="run-metric-row"][data-metric="roc_auc"]')).toContainText(
      /[+−]0\.\d{3} \[/,
    );
    // Calibration, ROC, PR and the metrics: each drew its marks.
    await checkKeyPage(page, testInfo, "owner-run", { minCharts: 4 });
  });

  await test.step("shadows it against production on New York's first half of 2015", async () => {
    await page.goto(modelUrl);
    // The replay's event times, from the seeded New York evaluation's rows export.
    const seeded = page.getByTestId("shadow-evaluation-row").last();
    await seeded.getByRole("link").click();
    const href = await page.getByTestId("shadow-rows-csv").getAttribute("href");
    const [header, ...lines] = (await (await page.request.get(href as string)).text()).trim().split("\n");
    const columns = (header ?? "").split(",");
    const times = new Map(
      lines.map((l) => l.split(",")).map((c) => [c[columns.indexOf("event_id")], c[columns.indexOf("event_time")]]),
    );
    const from = times.get("nyc-2015-01-01");
    const to = times.get("nyc-2015-07-01");
    expect(from && to, "New York 2015 event times in the export").toBeTruthy();

    await page.goto(modelUrl);
    const form = page.getByTestId("start-shadow-form");
    await expect(form.getByTestId("shadow-champion").locator("option:checked")).toHaveText(`${CHAMPION} (production)`);
    await form.getByRole("checkbox", { name: new RegExp(label) }).check();
    await form.getByTestId("shadow-from").fill(localValue(from as string));
    await form.getByTestId("shadow-to").fill(localValue(to as string));
    await selectOptionContaining(form, "shadow-benchmark", BENCHMARK);
    await form.getByTestId("shadow-submit").click();
    await expect(page).toHaveURL(/\/shadow\/[0-9a-f-]{36}$/);
    await finalShadowStatus(page);
    await expect(page.getByTestId("shadow-events")).toHaveText("181");
    // Champion vs challenger, gap, latency and label maturity: each drew its marks.
    await checkKeyPage(page, testInfo, "owner-shadow", { minCharts: 3 });
  });

  await test.step("the member asks for review", async () => {
    await page.goto(modelUrl);
    const block = page.locator(`[data-testid="version-review"][data-version="${label}"]`);
    await expect(block).toHaveAttribute("data-stage", "development");
    await block.getByTestId("review-note").fill("Benchmarked on Seattle, shadowed on New York 2015: please review.");
    await block.getByTestId("request-review-submit").click();
    await expect(block.getByTestId("review-status")).toHaveAttribute("data-status", "requested");
    await checkKeyPage(page, testInfo, "owner-model");
  });

  await test.step("the reviewer reads benchmark and shadow side by side, and approves", async () => {
    await signInAs(page, REVIEWER);
    await page.goto("/reviews");
    const row = page.getByTestId("review-row").filter({ hasText: `${MODEL} · ${label}` });
    await expect(row).toHaveAttribute("data-can-decide", "true");
    await row.getByRole("link", { name: `${MODEL} · ${label}` }).click();
    await expect(page.getByTestId("review-title")).toHaveText(`Review of ${MODEL} · ${label}`);
    const auc = page.locator('[data-testid="evidence-row"][data-metric="roc_auc"]');
    await expect(auc.getByTestId("evidence-benchmark")).toContainText(/0\.\d{3}/);
    await expect(auc.getByTestId("evidence-shadow")).toContainText(/0\.\d{3}/);
    await checkKeyPage(page, testInfo, "reviewer-evidence");
    const form = page.getByTestId("review-decision-form");
    await form.getByTestId("review-comment").fill("Benchmark and New York shadow read; gap within what we accept.");
    await form.getByTestId("review-override").fill("181 labelled New York events: below the policy's 1,000, accepted.");
    await form.getByTestId("review-submit").click();
    await page.getByTestId("review-confirm-submit").click();
    await expect(page.getByTestId("review-decision")).toHaveAttribute("data-status", "approved");
  });

  await test.step("the member promotes it: v1-logreg retires", async () => {
    await signInAs(page, MEMBER);
    await page.goto(modelUrl);
    const block = page.locator(`[data-testid="version-review"][data-version="${label}"]`);
    await expect(block).toHaveAttribute("data-stage", "approved");
    await block.getByTestId("promote-submit").click();
    await expect(block).toHaveAttribute("data-stage", "production");
    await expect(page.locator(`[data-testid="version-review"][data-version="${CHAMPION}"]`)).toHaveAttribute(
      "data-stage",
      "retired",
    );
    await expect(block.getByTestId("stage-history")).toContainText("approved → production");
    await page.screenshot({ path: testInfo.outputPath("owner-promoted.png"), fullPage: true });
  });

  await test.step("the admin's audit log holds every step in one intact chain", async () => {
    await signInAs(page, ADMIN);
    await page.goto("/settings/audit");
    await page.getByTestId("audit-verify").click();
    await expect(page.getByTestId("audit-verify-result")).toHaveAttribute("data-ok", "true");
    const actions = await page
      .getByTestId("audit-event-row")
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-action")));
    // Newest first: the promotion (retiring v1-logreg first), the approval with its override, the request.
    expect(actions.slice(0, 7)).toEqual([
      "version.promoted",
      "version.stage_changed",
      "version.stage_changed",
      "version.stage_changed",
      "readiness.overridden",
      "review.approved",
      "review.requested",
    ]);
    await checkKeyPage(page, testInfo, "admin-audit");
  });
});
