import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/** One day of weather.csv (vega-datasets). Units: mm, °C, m/s. */
export interface WeatherDay {
  date: string;
  precipitation: number;
  tempMax: number;
  tempMin: number;
  wind: number;
  weather: string;
}

const HEADER = "location,date,precipitation,temp_max,temp_min,wind,weather";
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Path of vega-datasets' weather.csv. The package exports only its JS entry (not
 * package.json), so we resolve that and walk up to the package folder.
 */
export function weatherCsvPath(): string {
  const entry = createRequire(import.meta.url).resolve("vega-datasets");
  let dir = path.dirname(entry);
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the vega-datasets package folder above ${entry}`);
    dir = parent;
  }
  return path.join(dir, "data", "weather.csv");
}

/** The days of `location` in weather.csv text, in date order; a malformed line is an error naming it. */
export function parseWeatherCsv(text: string, location: string): WeatherDay[] {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines[0] !== HEADER) throw new Error(`weather.csv: unexpected header "${lines[0]}" (expected "${HEADER}")`);
  const days: WeatherDay[] = [];
  for (const [index, line] of lines.slice(1).entries()) {
    const fields = line.split(",");
    const where = `weather.csv line ${index + 2}`;
    if (fields.length !== 7) throw new Error(`${where}: expected 7 fields, found ${fields.length}`);
    if (fields[0] !== location) continue;
    const date = fields[1] ?? "";
    if (!DATE.test(date)) throw new Error(`${where}: "${date}" is not a YYYY-MM-DD date`);
    const measurements = fields.slice(2, 6).map((v) => (v.trim() === "" ? Number.NaN : Number(v)));
    if (measurements.some((v) => !Number.isFinite(v))) throw new Error(`${where}: a measurement is not a number`);
    const [precipitation, tempMax, tempMin, wind] = measurements as [number, number, number, number];
    days.push({ date, precipitation, tempMax, tempMin, wind, weather: fields[6] ?? "" });
  }
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let i = 1; i < days.length; i++) {
    if (days[i]?.date === days[i - 1]?.date)
      throw new Error(`weather.csv: ${location} has two rows for ${days[i]?.date}`);
  }
  return days;
}

/** Seattle's days, 2012–2015. */
export async function readSeattleWeather(file: string = weatherCsvPath()): Promise<WeatherDay[]> {
  const days = parseWeatherCsv(await readFile(file, "utf8"), "Seattle");
  if (days.length === 0) throw new Error(`${file} has no Seattle rows`);
  return days;
}
