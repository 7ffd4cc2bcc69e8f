import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliError } from "../cli-error.ts";
import { INPUT_FORMATS, type InputFormat, isInputFormat } from "../input/read-table.ts";

type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** Options every data command takes. */
export const INPUT_OPTIONS = {
  input: { type: "string", short: "i" },
  format: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies OptionSpec;

/** The bootstrap options of evaluate and compare. */
export const BOOTSTRAP_OPTIONS = {
  ci: { type: "string" },
  bootstrap: { type: "string" },
  seed: { type: "string" },
} as const satisfies OptionSpec;

export const DEFAULT_CI = 0.95;
export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_SEED = 0;
const MAX_RESAMPLES = 1_000_000;

export type ParsedValues = Record<string, string | boolean | undefined>;

export interface ParsedCommand {
  values: ParsedValues;
  positionals: string[];
}

/**
 * Strict parsing of one command's flags: an unknown flag, a missing value or a stray
 * argument is a usage error (exit 2) that points at --help.
 */
export function parseCommand(opts: {
  command: string;
  argv: string[];
  options: OptionSpec;
  allowPositionals?: boolean;
}): ParsedCommand | "help" {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: attachNegativeNumbers(opts.argv, opts.options),
      options: opts.options,
      allowPositionals: opts.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    throw usageError(opts.command, (error as Error).message);
  }
  const values = parsed.values as ParsedValues;
  if (values.help === true) return "help";
  return { values, positionals: parsed.positionals };
}

/**
 * `--cost-tp -40` means the value -40, but parseArgs takes "-40" for a flag: join such
 * pairs into `--cost-tp=-40` first (only for string options and number-like values).
 */
function attachNegativeNumbers(argv: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    const next = argv[i + 1];
    const name = token.startsWith("--") && !token.includes("=") ? token.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === "string" && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${token}=${next}`);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

export function usageError(command: string, problem: string): CliError {
  return new CliError(`${problem}\nRun "fieldtest ${command} --help" for usage.`);
}

/** The value of a required string flag. */
export function requireString(command: string, values: ParsedValues, name: string, hint: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw usageError(command, `missing --${name} ${hint}`);
  return value;
}

export function optionalString(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A finite number flag, or `fallback` when absent. */
export function numberOption(values: ParsedValues, name: string, fallback: number): number;
export function numberOption(values: ParsedValues, name: string, fallback?: number): number | undefined;
export function numberOption(values: ParsedValues, name: string, fallback?: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === "string" && NUMBER.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) throw new CliError(`--${name} must be a finite number, got ${JSON.stringify(raw)}`);
  return value;
}

export function formatOption(values: ParsedValues): InputFormat | undefined {
  const raw = optionalString(values, "format");
  if (raw === undefined) return undefined;
  const format = raw.toLowerCase();
  if (!isInputFormat(format)) {
    throw new CliError(`--format must be one of ${INPUT_FORMATS.join(", ")}, got ${JSON.stringify(raw)}`);
  }
  return format;
}

export interface BootstrapChoice {
  /** Confidence level of the percentile intervals. */
  level: number;
  /** Replicates; 0 turns intervals off. */
  resamples: number;
  seed: number;
}

export function bootstrapOptions(values: ParsedValues): BootstrapChoice {
  const level = numberOption(values, "ci", DEFAULT_CI);
  if (!(level > 0 && level < 1)) throw new CliError(`--ci must be a confidence level between 0 and 1, got ${level}`);
  const resamples = integerOption(values, "bootstrap", DEFAULT_RESAMPLES, MAX_RESAMPLES);
  const seed = integerOption(values, "seed", DEFAULT_SEED, Number.MAX_SAFE_INTEGER);
  return { level, resamples, seed };
}

function integerOption(values: ParsedValues, name: string, fallback: number, max: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > max) {
    throw new CliError(`--${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A comma-separated list flag: trimmed, non-empty, no duplicates. */
export function listOption(command: string, values: ParsedValues, name: string, hint: string): string[] {
  const raw = requireString(command, values, name, hint);
  const items = raw.split(",").map((item) => item.trim());
  if (items.some((item) => item === "")) throw new CliError(`--${name} has an empty name in ${JSON.stringify(raw)}`);
  const duplicate = items.find((item, i) => items.indexOf(item) !== i);
  if (duplicate !== undefined) throw new CliError(`--${name} names "${duplicate}" twice`);
  return items;
}
