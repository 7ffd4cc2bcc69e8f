import { cutoffToEpochMs } from "@fieldtest/core";
import { describe, expect, it } from "vitest";
import { buildRainDataset } from "./build-rain-dataset.ts";
import { TEMPORAL_CUTOFF } from "./demo-content.ts";
import { fitDemoModels, predictionsCsv } from "./fit-demo-models.ts";
import { readSeattleWeather } from "./read-seattle-weather.ts";

describe("fitDemoModels", async () => {
  const dataset = buildRainDataset(await readSeattleWeather());
  const cutoff = cutoffToEpochMs(TEMPORAL_CUTOFF);
  const models = fitDemoModels(dataset, cutoff);

  it("learns only from rows whose label day is before the cutoff", () => {
    // 2012-01-01 … 2013-12-30: 2013-12-31 is labelled by 1 January 2014, a test day.
    expect(models.trainRows).toBe(730);
  });

  it("does not change when the test period changes", () => {
    const scrambled = {
      ...dataset,
      labels: dataset.labels.map((y, i) => ((dataset.timestamps[i] as number) >= cutoff - 86_400_000 ? 1 - y : y)),
    };
    const again = fitDemoModels(scrambled, cutoff);
    expect(again.logreg.fit.model).toEqual(models.logreg.fit.model);
    expect(again.persistence.rainyRate).toBe(models.persistence.rainyRate);
  });

  it("scores every row with a probability", () => {
    for (const scores of [models.logreg.scores, models.persistence.scores]) {
      expect(scores.length).toBe(dataset.dates.length);
      expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
    }
    expect(models.persistence.rainyRate).toBeGreaterThan(models.persistence.dryRate);
  });
});

describe("predictionsCsv", () => {
  it("keys scores by date with six decimals", () => {
    const text = new TextDecoder().decode(
      predictionsCsv(["2014-01-01", "2014-01-02"], Float64Array.from([0.5, 1 / 3])),
    );
    expect(text).toBe("date,score\n2014-01-01,0.500000\n2014-01-02,0.333333\n");
  });
});
