import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/**
 * What every journey checks on a key page (issue 7): each chart on it drew its marks (not an
 * empty frame), an automated accessibility check (axe-core, WCAG 2.1 A and AA) finds no serious
 * or critical violation, and a full-page screenshot is saved under the test's output folder
 * (`e2e/test-results/<test>/<name>.png`) for a human to look at.
 */

/** SVG elements that are data, not axes, grid or legend: lines, areas, bars, dots, error bars, cells. */
export const MARKS = [
  ".recharts-line-curve",
  ".recharts-line-dots circle",
  ".recharts-area-area",
  ".recharts-bar-rectangle path",
  ".recharts-bar-rectangle rect",
  ".recharts-rectangle",
  ".recharts-dot",
  ".recharts-reference-dot circle",
  ".recharts-errorBar line",
  ".recharts-scatter-symbol path",
].join(", ");

/** Scrolls the whole page in steps so that every figure mounts its chart (figures mount when visible). */
async function scrollThrough(page: Page) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += 500) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(60);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/**
 * Every `<figure>` on the page that holds a chart has drawn at least one mark, and the page has at
 * least `minCharts` such figures. Returns the figures' test ids with their mark counts.
 */
export async function expectChartsDrawn(page: Page, minCharts = 1): Promise<Record<string, number>> {
  await page.waitForLoadState("networkidle");
  const figures = page.locator("figure").filter({ has: page.locator("svg.recharts-surface") });
  // Scrolled again on each try: a page that was still streaming (its loading skeleton) was shorter.
  await expect
    .poll(
      async () => {
        await scrollThrough(page);
        return figures.count();
      },
      { message: `at least ${minCharts} chart(s) on ${page.url()}` },
    )
    .toBeGreaterThanOrEqual(minCharts);
  const drawn: Record<string, number> = {};
  const count = await figures.count();
  for (let i = 0; i < count; i++) {
    const figure = figures.nth(i);
    const name = (await figure.getAttribute("data-testid")) ?? `figure-${i}`;
    await figure.scrollIntoViewIfNeeded();
    await expect
      .poll(async () => figure.locator(MARKS).count(), { message: `marks drawn in chart ${name}` })
      .toBeGreaterThan(0);
    drawn[name] = await figure.locator(MARKS).count();
  }
  return drawn;
}

/** axe-core on the page as it is now: no serious or critical violation; the full result is attached. */
export async function expectAccessible(page: Page, testInfo: TestInfo, name: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  await testInfo.attach(`axe-${name}.json`, {
    body: JSON.stringify(result.violations, null, 2),
    contentType: "application/json",
  });
  const serious = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  expect(serious, `serious accessibility violations on ${name} (${page.url()})`).toEqual([]);
}

/**
 * A key page of a journey: charts drawn (at least `minCharts`), accessible, and a screenshot
 * `<name>.png` saved under the test's output folder.
 */
export async function checkKeyPage(page: Page, testInfo: TestInfo, name: string, options: { minCharts?: number } = {}) {
  const charts = await expectChartsDrawn(page, options.minCharts ?? 0);
  await expectAccessible(page, testInfo, name);
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  return charts;
}
