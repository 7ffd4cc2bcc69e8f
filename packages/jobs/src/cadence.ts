/**
 * A Schedule's cadence: a 5-field cron expression in an IANA time zone, or an interval in
 * seconds. Validated here, before a row is written or a BullMQ job scheduler is upserted.
 */

/** Smallest interval a user may choose; tests insert smaller ones directly. */
export const MIN_EVERY_SECONDS = 10;
/** Largest interval: 366 days. */
export const MAX_EVERY_SECONDS = 366 * 24 * 60 * 60;

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Names for values, the first standing for `min`. */
  names?: string[];
}

const FIELDS: CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  // 0 and 7 are both Sunday.
  { name: "day of week", min: 0, max: 7, names: DAYS },
];

function fieldValue(text: string, field: CronField): number | null {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : null;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? field.min + index : null;
}

function fieldProblem(text: string, field: CronField): string | null {
  const range = field.names
    ? `${field.min}–${field.max} or ${field.names[0]}–${field.names.at(-1)}`
    : `${field.min}–${field.max}`;
  for (const item of text.split(",")) {
    const [base = "", step, ...extra] = item.split("/");
    if (extra.length > 0 || base === "") return `${field.name} "${text}" is not a cron field`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step))
      return `${field.name} step "${step}" must be a positive integer`;
    if (base === "*") continue;
    const [from = "", to, ...more] = base.split("-");
    if (more.length > 0) return `${field.name} "${text}" is not a cron field`;
    const low = fieldValue(from, field);
    const high = to === undefined ? low : fieldValue(to, field);
    if (low === null || high === null) return `${field.name} "${text}" must be within ${range}`;
    if (low > high) return `${field.name} range "${base}" runs backwards`;
  }
  return null;
}

/**
 * Why `expression` is not a 5-field cron expression (minute hour day-of-month month
 * day-of-week; `*`, lists, ranges, steps, month and day names), or null when it is.
 */
export function cronProblem(expression: string): string | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 || parts[0] === "") {
    return `A cron expression has 5 fields (minute hour day-of-month month day-of-week), got ${parts[0] === "" ? 0 : parts.length}`;
  }
  for (const [i, field] of FIELDS.entries()) {
    const problem = fieldProblem(parts[i] as string, field);
    if (problem) return problem;
  }
  return null;
}

/** Whether `timeZone` is an IANA time zone this runtime knows ("UTC", "Europe/Berlin"). */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The cron expression with single spaces, as stored and shown. */
export function normalizeCron(expression: string): string {
  return expression.trim().split(/\s+/).join(" ");
}
