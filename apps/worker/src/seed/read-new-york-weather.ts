import { readFile } from "node:fs/promises";
import { parseWeatherCsv, type WeatherDay, weatherCsvPath } from "./read-seattle-weather.ts";

/** New York's days, 2012–2015: the same file and columns as Seattle's, the demo's shadow traffic. */
export async function readNewYorkWeather(file: string = weatherCsvPath()): Promise<WeatherDay[]> {
  const days = parseWeatherCsv(await readFile(file, "utf8"), "New York");
  if (days.length === 0) throw new Error(`${file} has no New York rows`);
  return days;
}
