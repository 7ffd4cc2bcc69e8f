import { accuracy, rocAuc } from "@fieldtest/core";
import { expect, type Locator, type Page } from "@playwright/test";

// What the journeys share: the demo member who signs in, and a small labelled dataset.

export const MEMBER = { email: "member@fieldtest.dev", password: "fieldtest-demo" };
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
