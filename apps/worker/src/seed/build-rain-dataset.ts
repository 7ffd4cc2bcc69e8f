import type { WeatherDay } from "./read-seattle-weather.ts";

export const WEATHER_KINDS = ["drizzle", "fog", "rain", "snow", "sun"] as const;

/** The feature columns, in the order the dataset CSV and the model use them. */
export const RAIN_FEATURES = [
  "precipitation",
  "temp_max",
  "temp_min",
  "wind",
  "rain_today",
  ...WEATHER_KINDS.map((kind) => `weather_${kind}`),
  "season_sin",
  "season_cos",
] as const;

/** The "rain tomorrow" table in columns: row i is day `dates[i]`. */
export interface RainDataset {
  dates: string[];
  /** Epoch ms of midnight UTC of each day (how the dataset's timestamp column is read back). */
  timestamps: Float64Array;
  /** One column per RAIN_FEATURES entry. */
  features: Float64Array[];
  /** rain_tomorrow: 1 when the next day's precipitation is above 0. */
  labels: Float64Array;
}

const DAY_MS = 86_400_000;

/**
 * One row per day with only what is known at the end of that day, labelled with whether it
 * rains the next day. A day whose next day is missing (the last one, or a gap) has no
 * label and is left out. Nothing about the next day enters the features.
 */
export function buildRainDataset(days: readonly WeatherDay[]): RainDataset {
  const dates: string[] = [];
  const timestamps: number[] = [];
  const columns: number[][] = RAIN_FEATURES.map(() => []);
  const labels: number[] = [];
  for (let i = 0; i + 1 < days.length; i++) {
    const today = days[i] as WeatherDay;
    const tomorrow = days[i + 1] as WeatherDay;
    const time = dayMs(today.date);
    if (dayMs(tomorrow.date) !== time + DAY_MS) continue;
    for (const [j, value] of rainFeaturesOf(today).entries()) columns[j]?.push(value);
    dates.push(today.date);
    timestamps.push(time);
    labels.push(tomorrow.precipitation > 0 ? 1 : 0);
  }
  return {
    dates,
    timestamps: Float64Array.from(timestamps),
    features: columns.map((column) => Float64Array.from(column)),
    labels: Float64Array.from(labels),
  };
}

/**
 * The features of one day (RAIN_FEATURES order): what is known at the end of that day. Shared by
 * the dataset above and the demo's shadow events, so both carry the very same columns.
 */
export function rainFeaturesOf(day: WeatherDay): number[] {
  if (!(WEATHER_KINDS as readonly string[]).includes(day.weather)) {
    throw new Error(`${day.date}: unknown weather kind "${day.weather}" (known: ${WEATHER_KINDS.join(", ")})`);
  }
  const year = Number(day.date.slice(0, 4));
  const dayOfYear = (dayMs(day.date) - Date.UTC(year, 0, 1)) / DAY_MS; // 0 on 1 January
  const angle = (2 * Math.PI * dayOfYear) / (isLeapYear(year) ? 366 : 365);
  return [
    day.precipitation,
    day.tempMax,
    day.tempMin,
    day.wind,
    day.precipitation > 0 ? 1 : 0,
    ...WEATHER_KINDS.map((kind) => (day.weather === kind ? 1 : 0)),
    // Six decimals keep the CSV short and its bytes (hence its sha256) stable across machines.
    round6(Math.sin(angle)),
    round6(Math.cos(angle)),
  ];
}

/** The dataset as CSV bytes: date (row id), day (the same date, as timestamp), the features, rain_tomorrow. */
export function rainDatasetCsv(dataset: RainDataset): Uint8Array {
  const lines = [["date", "day", ...RAIN_FEATURES, "rain_tomorrow"].join(",")];
  dataset.dates.forEach((date, i) => {
    const values = dataset.features.map((column) => String(column[i]));
    lines.push([date, date, ...values, String(dataset.labels[i])].join(","));
  });
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function round6(x: number): number {
  // `+ 0` turns -0 into 0, so the CSV never says "-0".
  return Math.round(x * 1e6) / 1e6 + 0;
}
