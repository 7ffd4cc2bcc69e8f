import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildRainDataset, RAIN_FEATURES, rainDatasetCsv } from "./build-rain-dataset.ts";
import { parseWeatherCsv, readSeattleWeather, type WeatherDay } from "./read-seattle-weather.ts";

const day = (date: string, precipitation: number, weather = precipitation > 0 ? "rain" : "sun"): WeatherDay => ({
  date,
  precipitation,
  tempMax: 10,
  tempMin: 5,
  wind: 3,
  weather,
});

const column = (name: (typeof RAIN_FEATURES)[number]) => RAIN_FEATURES.indexOf(name);

describe("buildRainDataset", () => {
  it("labels each day with the next day's rain and drops the last day", () => {
    const ds = buildRainDataset([day("2013-03-01", 0), day("2013-03-02", 4.2), day("2013-03-03", 0)]);
    expect(ds.dates).toEqual(["2013-03-01", "2013-03-02"]);
    expect(Array.from(ds.labels)).toEqual([1, 0]);
    expect(Array.from(ds.features[column("rain_today")] as Float64Array)).toEqual([0, 1]);
    expect(Array.from(ds.timestamps)).toEqual([Date.UTC(2013, 2, 1), Date.UTC(2013, 2, 2)]);
  });

  it("leaves out a day whose next day is missing", () => {
    const ds = buildRainDataset([day("2013-03-01", 0), day("2013-03-03", 1), day("2013-03-04", 1)]);
    expect(ds.dates).toEqual(["2013-03-03"]);
  });

  it("puts nothing about tomorrow into today's features", () => {
    const base = [day("2013-03-01", 0), day("2013-03-02", 0)];
    const wet = [day("2013-03-01", 0), { ...day("2013-03-02", 30, "snow"), tempMax: -3, tempMin: -9, wind: 12 }];
    const a = buildRainDataset(base);
    const b = buildRainDataset(wet);
    expect(b.features.map((c) => Array.from(c))).toEqual(a.features.map((c) => Array.from(c)));
    expect(Array.from(a.labels)).toEqual([0]);
    expect(Array.from(b.labels)).toEqual([1]);
  });

  it("encodes the season on the unit circle, leap years included", () => {
    const ds = buildRainDataset([
      day("2012-01-01", 0),
      day("2012-01-02", 0),
      day("2012-07-01", 0),
      day("2012-07-02", 0),
    ]);
    const sin = ds.features[column("season_sin")] as Float64Array;
    const cos = ds.features[column("season_cos")] as Float64Array;
    expect([sin[0], cos[0]]).toEqual([0, 1]);
    // 1 July 2012 is day 182 of 366 (0-based): just short of half a turn.
    expect(cos[1]).toBeCloseTo(Math.cos((2 * Math.PI * 182) / 366), 6);
  });

  it("refuses an unknown weather kind", () => {
    expect(() => buildRainDataset([day("2013-03-01", 0, "hail"), day("2013-03-02", 0)])).toThrow(
      /unknown weather kind "hail"/,
    );
  });

  it("writes CSV with the id, the timestamp, the features and the label", () => {
    const text = new TextDecoder().decode(
      rainDatasetCsv(buildRainDataset([day("2013-03-01", 0), day("2013-03-02", 2)])),
    );
    const [header, row] = text.trim().split("\n");
    expect(header).toBe(`date,day,${RAIN_FEATURES.join(",")},rain_tomorrow`);
    expect(row?.startsWith("2013-03-01,2013-03-01,0,10,5,3,0,0,0,0,0,1,")).toBe(true);
    expect(row?.endsWith(",1")).toBe(true);
  });
});

describe("the Seattle dataset", () => {
  it("matches the training rows rebuilt independently by the golden generator (Python)", async () => {
    const ds = buildRainDataset(await readSeattleWeather());
    expect(ds.dates.length).toBe(1460);
    const golden = readFileSync(
      new URL("../../../../packages/core/src/models/golden/seattle-rain-train.csv", import.meta.url),
      "utf8",
    )
      .trim()
      .split("\n");
    expect(golden[0]).toBe(`date,${RAIN_FEATURES.join(",")},rain_tomorrow`);
    const rows = golden.slice(1).map((line) => line.split(","));
    expect(rows.length).toBe(730);
    rows.forEach((fields, i) => {
      expect(ds.dates[i]).toBe(fields[0]);
      ds.features.forEach((col, j) => {
        expect(Math.abs((col[i] as number) - Number(fields[j + 1]))).toBeLessThanOrEqual(1e-6);
      });
      expect(ds.labels[i]).toBe(Number(fields.at(-1)));
    });
  });
});

describe("parseWeatherCsv", () => {
  const header = "location,date,precipitation,temp_max,temp_min,wind,weather";

  it("keeps one location's rows in date order", () => {
    const text = `${header}\nSeattle,2012-01-02,1,2,3,4,rain\nNew York,2012-01-01,0,1,1,1,sun\nSeattle,2012-01-01,0,2,3,4,sun\n`;
    expect(parseWeatherCsv(text, "Seattle").map((d) => d.date)).toEqual(["2012-01-01", "2012-01-02"]);
  });

  it.each([
    ["a different header", "loc,date\nSeattle,2012-01-01", /unexpected header/],
    ["a short line", `${header}\nSeattle,2012-01-01,0,1,1,sun`, /line 2: expected 7 fields/],
    ["a bad date", `${header}\nSeattle,01/02/2012,0,1,1,1,sun`, /line 2: "01\/02\/2012" is not a YYYY-MM-DD date/],
    ["an empty measurement", `${header}\nSeattle,2012-01-01,,1,1,1,sun`, /line 2: a measurement is not a number/],
    [
      "a repeated day",
      `${header}\nSeattle,2012-01-01,0,1,1,1,sun\nSeattle,2012-01-01,0,1,1,1,sun`,
      /two rows for 2012-01-01/,
    ],
  ])("refuses %s", (_, text, message) => {
    expect(() => parseWeatherCsv(text, "Seattle")).toThrow(message);
  });
});
