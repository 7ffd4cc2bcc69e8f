import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { accuracy, rocAuc } from "@fieldtest/core";
import { expect, type Locator, type Page } from "@playwright/test";

// What the journeys share: the demo member who signs in, and a small labelled dataset.

export const MEMBER = { email: "member@fieldtest.dev", password: "fieldtest-demo" };
export const REVIEWER = { email: "reviewer@fieldtest.dev", password: "fieldtest-demo" };
export const ADMIN = { email: "admin@fieldtest.dev", password: "fieldtest-demo" };

/** Signs `user` in on `page` (signing out whoever was signed in first, if anyone). */
export async function signInAs(page: Page, user: { email: string; password: string }) {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}
export const CUTOFF = "2024-02-15";

// 60 days of data; rows from the cutoff on are the temporal test split.
export function journeyData() {
  const rows: { id: string; date: string; x: number; label: number; score: number }[] = [];
  for (let i = 0; i < 60; i++) {
    const date = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    const label = (i * 7) % 3 === 0 ? 1 : 0;
    // Informative but imperfect scores, with a tie and a few mistakes.
    const score = Math.min(1, Math.max(0, (label ? 0.62 : 0.38) + (((i * 37) % 11) - 5) / 20));
    rows.push({ id: `row-${i}`, date, x: (i * 13) % 17, label, score: Number(score.toFixed(3)) });
  }
  const dataset = ["id,date,x,label", ...rows.map((r) => `${r.id},${r.date},${r.x},${r.label}`)].join("\n");
  const predictions = ["id,score", ...rows.map((r) => `${r.id},${r.score}`)].join("\n");
  const test = rows.filter((r) => r.date >= CUTOFF);
  const labels = Float64Array.from(test.map((r) => r.label));
  const scores = Float64Array.from(test.map((r) => r.score));
  return {
    dataset,
    predictions,
    testRows: test.length,
    expected: { accuracy: accuracy(labels, scores, 0.5), roc_auc: rocAuc(labels, scores) },
  };
}

/** Selects the option containing `text` in the select `testId` (within `scope`: the page or a panel). */
export async function selectOptionContaining(scope: Page | Locator, testId: string, text: string) {
  const select = scope.getByTestId(testId);
  const value = await select.locator("option", { hasText: text }).first().getAttribute("value");
  expect(value, `an option containing "${text}" in ${testId}`).toBeTruthy();
  await select.selectOption(value as string);
}

/**
 * Real data (vega-datasets' daily Seattle weather, 2012–2015): will it rain tomorrow? Each day's
 * label is whether the next day had precipitation; its features are what is known that day. The
 * last day has no tomorrow and is left out. Rows from `SEATTLE_CUTOFF` on are the temporal test set.
 */
export const SEATTLE_CUTOFF = "2015-01-01";

/** vega-datasets' folder: the package exports only its JS entry, so walk up from it. */
function vegaDatasetsDir(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve("vega-datasets"));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("vega-datasets is not installed");
    dir = parent;
  }
  return dir;
}

export function seattleRainCsv(): { csv: string; rows: number; testRows: number } {
  const text = readFileSync(path.join(vegaDatasetsDir(), "data", "seattle-weather.csv"), "utf8").trim();
  const [header, ...lines] = text.split("\n");
  if (header !== "date,precipitation,temp_max,temp_min,wind,weather") throw new Error(`unexpected header: ${header}`);
  const days = lines.map((line) => line.split(","));
  const out = ["id,day,precipitation,temp_max,temp_min,wind,weather,rain_tomorrow"];
  for (let i = 0; i + 1 < days.length; i++) {
    const [date, precipitation, tempMax, tempMin, wind, weather] = days[i] as string[];
    const tomorrow = Number((days[i + 1] as string[])[1]) > 0 ? 1 : 0;
    out.push([date, date, precipitation, tempMax, tempMin, wind, weather, tomorrow].join(","));
  }
  const testRows = out.slice(1).filter((row) => row.slice(0, 10) >= SEATTLE_CUTOFF).length;
  return { csv: out.join("\n"), rows: out.length - 1, testRows };
}
