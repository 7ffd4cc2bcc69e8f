import { expect, type Locator, type Page, test } from "@playwright/test";
import { MEMBER } from "./support/journey";
import { checkKeyPage } from "./support/page-checks";

/**
 * The demo's shadow story, as a model owner reads it: "Rain tomorrow (Seattle)" was benchmarked on
 * Seattle, serves New York (the seed replays New York's 2012–2015 days as v1-logreg's production
 * traffic, labels arriving a replayed day later, the last 60 days still unlabelled) and v2-gbm
 * answers the same requests in shadow. The seeded evaluation shows the gap (Seattle benchmark −
 * New York shadow); then the owner starts a second evaluation on New York's 2015 days from the
 * model page's form, with the keyboard, and watches it finish.
 */

const MODEL = "Rain tomorrow (Seattle)";
const CHAMPION = "v1-logreg";
const CHALLENGER = "v2-gbm";
const BENCHMARK = "Seattle rain — temporal holdout";
/** The seeded evaluation waits for v2-gbm's benchmark run (its trained model) and the sweeper's next pass. */
const SEEDED_SCORING_MS = 120_000;
const NEW_SCORING_MS = 60_000;

// datetime-local fields are read in the viewer's zone: UTC keeps the event times' hours as they are.
test.use({ timezoneId: "UTC" });

async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(MEMBER.email);
  await page.getByLabel("Password").fill(MEMBER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** The first number of a text ("0.170 [0.081, 0.259]" → 0.17; "−0.012" → -0.012), NaN when there is none. */
function firstNumber(text: string): number {
  const m = /([+\-−]?)(\d+(?:\.\d+)?)/.exec(text);
  if (!m) return Number.NaN;
  return (m[1] === "-" || m[1] === "−" ? -1 : 1) * Number(m[2]);
}

/** Marks a chart drew inside `figure` (scrolled into view first: figures mount their chart when visible). */
async function marksIn(figure: Locator, selector: string): Promise<number> {
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.locator("svg.recharts-surface").first()).toBeVisible();
  return figure.locator(selector).count();
}

/** Waits until the evaluation page's status is final, and says which (a failure shows its error). */
async function waitForFinalStatus(page: Page, timeout: number): Promise<string> {
  const status = page.getByTestId("shadow-status");
  await expect(status).toHaveAttribute("data-status", /^(succeeded|failed)$/, { timeout });
  const final = (await status.getAttribute("data-status")) ?? "";
  if (final === "failed") {
    const error = await page.getByTestId("shadow-error").textContent();
    throw new Error(`the shadow evaluation failed: ${error}`);
  }
  return final;
}

/** datetime-local value of an ISO instant, in UTC (see test.use above). */
const localValue = (iso: string) => new Date(iso).toISOString().slice(0, 16);

test("a model owner reads the New York shadow gap and starts a shadow evaluation of 2015", async ({
  page,
}, testInfo) => {
  test.setTimeout(SEEDED_SCORING_MS + NEW_SCORING_MS + 60_000);
  const shot = async (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await signIn(page);
  let modelUrl = "";

  await test.step("open the rain model and its seeded New York shadow evaluation", async () => {
    await page.getByRole("link", { name: MODEL, exact: true }).first().click();
    await expect(page.getByTestId("model-title")).toHaveText(MODEL);
    modelUrl = page.url();
    const rows = page.getByTestId("shadow-evaluation-row");
    await expect(rows.first()).toBeVisible();
    // Newest first: the seeded evaluation is the oldest one, at the bottom.
    const seeded = rows.last();
    await expect(seeded).toContainText(`${MODEL} ${CHAMPION}`);
    await expect(seeded).toContainText(`${MODEL} ${CHALLENGER}`);
    await seeded.scrollIntoViewIfNeeded();
    await shot("model-shadow-section");
    await seeded.getByRole("link").click();
    await expect(page).toHaveURL(/\/shadow\/[0-9a-f-]{36}$/);
  });

  const seededUrl = page.url();

  await test.step("wait for it to succeed with the challenger's field metrics", async () => {
    await waitForFinalStatus(page, SEEDED_SCORING_MS);
    // Every New York day is an event; all but the last 60 are labelled.
    await expect(page.getByTestId("shadow-events")).toHaveText("1,461");
    await expect(page.getByTestId("shadow-labelled")).toHaveText(/^9\d\.\d%$/);
    await expect(page.getByTestId("shadow-no-labels")).toHaveCount(0);
    const auc = page.locator('[data-testid="shadow-metric-row"][data-metric="roc_auc"]');
    await expect(auc).toBeVisible();
    // Columns: metric, champion, challenger.
    const challengerAuc = firstNumber((await auc.locator("td").nth(2).textContent()) ?? "");
    expect(challengerAuc, "the challenger's shadow ROC AUC").toBeGreaterThan(0.5);
    expect(challengerAuc).toBeLessThan(1);
  });

  await test.step("the gap is visible and not zero", async () => {
    const headline = page.getByTestId("shadow-gap-headline");
    await expect(headline).toContainText(/\d\.\d{3}/);
    const headlineGap = firstNumber((await headline.textContent()) ?? "");
    expect(Math.abs(headlineGap), `headline gap "${await headline.textContent()}"`).toBeGreaterThan(0.01);

    const gapRow = page.getByTestId("shadow-gap-row").filter({ hasText: CHALLENGER }).filter({ hasText: "roc_auc" });
    await expect(gapRow).toHaveCount(1);
    const cells = gapRow.locator("td");
    const benchmark = firstNumber((await cells.nth(2).textContent()) ?? "");
    const shadow = firstNumber((await cells.nth(3).textContent()) ?? "");
    const gap = firstNumber((await cells.nth(4).textContent()) ?? "");
    // Seattle's numbers overstate New York: benchmark above shadow, and the row's gap is their difference.
    expect(benchmark).toBeGreaterThan(shadow);
    expect(gap).toBeGreaterThan(0.01);
    expect(Math.abs(gap - (benchmark - shadow))).toBeLessThanOrEqual(0.0015);
    await gapRow.scrollIntoViewIfNeeded();
    await shot("shadow-gap");
  });

  await test.step("label maturity shows the recent days still unlabelled", async () => {
    const rows = page.getByTestId("shadow-maturity-row");
    await expect(rows.first()).toBeVisible();
    let unlabelled = 0;
    let unlabelledRecent = 0;
    for (const row of await rows.all()) {
      const cells = row.locator("td");
      const age = ((await cells.nth(0).textContent()) ?? "").trim();
      const events = Number(((await cells.nth(1).textContent()) ?? "").replaceAll(",", ""));
      const labelled = Number(((await cells.nth(2).textContent()) ?? "").replaceAll(",", ""));
      unlabelled += events - labelled;
      if (age !== ">30d") unlabelledRecent += events - labelled;
    }
    expect(unlabelled, "events without a label").toBe(60);
    expect(unlabelledRecent, "unlabelled events younger than 30 days").toBeGreaterThan(0);
  });

  await test.step("charts drew marks, not empty frames", async () => {
    const metricChart = page.getByTestId("shadow-metric-chart");
    // One snapshot (a replay that has ended): each version's line is a dot, plus its event-volume bar.
    expect(await marksIn(metricChart, ".recharts-line-dots circle, .recharts-line-curve")).toBeGreaterThan(0);
    expect(await marksIn(metricChart, ".recharts-bar-rectangle")).toBeGreaterThan(0);
    expect(
      await marksIn(page.getByTestId("shadow-gap-chart"), ".recharts-line-dots circle, .recharts-line-curve"),
    ).toBeGreaterThan(0);
    expect(await marksIn(page.getByTestId("shadow-maturity-chart"), ".recharts-bar-rectangle")).toBeGreaterThan(0);
    await checkKeyPage(page, testInfo, "owner-shadow-new-york", { minCharts: 4 });
  });

  // The replay's event times, read from the page's own export: New York's 2015 days for the new window.
  const window2015 = await test.step("read New York 2015's event times from the rows export", async () => {
    const href = await page.getByTestId("shadow-rows-csv").getAttribute("href");
    expect(href).toBeTruthy();
    const response = await page.request.get(href as string);
    expect(response.ok()).toBe(true);
    const [header, ...lines] = (await response.text()).trim().split("\n");
    const columns = (header ?? "").split(",");
    const id = columns.indexOf("event_id");
    const time = columns.indexOf("event_time");
    const times = new Map(lines.map((l) => l.split(",")).map((c) => [c[id] as string, c[time] as string]));
    const from = times.get("nyc-2015-01-01");
    const to = times.get("nyc-2015-07-01");
    expect(from, "nyc-2015-01-01 in the export").toBeTruthy();
    expect(to, "nyc-2015-07-01 in the export").toBeTruthy();
    return { from: from as string, to: to as string };
  });

  await test.step("start a shadow evaluation of New York's first half of 2015 with the keyboard", async () => {
    await page.goto(modelUrl);
    const form = page.getByTestId("start-shadow-form");
    await form.scrollIntoViewIfNeeded();
    // The production version is the default champion.
    const champion = form.getByTestId("shadow-champion");
    await expect(champion.locator("option:checked")).toHaveText(`${CHAMPION} (production)`);
    await champion.focus();
    // Tab walks from the champion through the challenger checkboxes (newest version first) to the window.
    await page.keyboard.press("Tab");
    const challenger = form.getByRole("checkbox", { name: new RegExp(CHALLENGER) });
    await expect(challenger).toBeFocused();
    await page.keyboard.press("Space");
    await expect(challenger).toBeChecked();
    await page.keyboard.press("Tab");
    await expect(form.getByRole("checkbox", { name: /v0-persistence/ })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(form.getByTestId("shadow-from")).toBeFocused();
    await form.getByTestId("shadow-from").fill(localValue(window2015.from));
    await form.getByTestId("shadow-to").fill(localValue(window2015.to));
    const benchmark = form.getByTestId("shadow-benchmark");
    await benchmark.focus();
    const option = await benchmark.locator("option", { hasText: BENCHMARK }).first().getAttribute("value");
    await benchmark.selectOption(option as string);
    await expect(form).toContainText("1 challenger");
    await form.getByTestId("shadow-submit").focus();
    await shot("start-shadow-form");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/shadow\/[0-9a-f-]{36}$/);
    expect(page.url()).not.toBe(seededUrl);
  });

  await test.step("the new evaluation succeeds with events, labels and a gap", async () => {
    await waitForFinalStatus(page, NEW_SCORING_MS);
    // 181 replayed days, 2015-01-01 to 2015-06-30, every one labelled.
    await expect(page.getByTestId("shadow-events")).toHaveText("181");
    await expect(page.getByTestId("shadow-labelled")).toHaveText("100.0%");
    const auc = page.locator('[data-testid="shadow-metric-row"][data-metric="roc_auc"]');
    expect(firstNumber((await auc.locator("td").nth(2).textContent()) ?? "")).toBeGreaterThan(0.5);
    await expect(page.getByTestId("shadow-gap-headline")).toContainText(/\d\.\d{3}/);
    await shot("shadow-2015");
  });

  await test.step("the model page shows the challenger's readiness, judged with its shadow evidence", async () => {
    await page.goto(modelUrl);
    const panel = page.getByTestId("readiness-panel");
    await expect(panel).toBeVisible();
    const verdict = panel.locator(`[data-testid="readiness-verdict"][data-version="${CHALLENGER}"]`);
    await verdict.scrollIntoViewIfNeeded();
    // The challenger loses in the field (a gap of ~0.17 on roc_auc): never "ready".
    await expect(verdict).toHaveAttribute("data-verdict", /^(not_ready|insufficient_evidence)$/, { timeout: 30_000 });
    await verdict.click();
    const gates = panel.locator('[data-testid="readiness-gate"]');
    await expect(gates.first()).toBeVisible();
    expect(await gates.count()).toBeGreaterThan(3);
    await expect(panel.getByTestId("readiness-history")).toBeVisible();
    await shot("readiness");
  });
});
