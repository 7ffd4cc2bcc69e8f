import type { BenchmarkProtocol, ProtocolSplit } from "@fieldtest/core";

/** What a protocol is checked against: a dataset version's metadata (no rows are read). */
export interface DatasetVersionShape {
  version: number;
  rowCount: number;
  /** DatasetVersion.columns: [{ name, type, missing }]. */
  columns: unknown;
  idColumn: string;
  labelColumn: string;
  timestampColumn: string | null;
}

/**
 * A hidden holdout smaller than this cannot say anything: Thresholdout's noise scale is
 * 1/(4√n) and the Ladder compares per-row losses, both meaningless on a handful of rows.
 */
export const MIN_HOLDOUT_ROWS = 50;

/** The default split when a caller gives none: random 20% without a timestamp column. */
export const DEFAULT_TEST_FRACTION = 0.2;

type Column = { name: string; type: string };

function columnsOf(dataset: DatasetVersionShape): Column[] {
  if (!Array.isArray(dataset.columns)) return [];
  return dataset.columns.flatMap((c: unknown) => {
    const column = c as Partial<Column> | null;
    return typeof column?.name === "string" ? [{ name: column.name, type: String(column.type ?? "") }] : [];
  });
}

/**
 * The split a protocol gets when the caller names none: a dataset with a timestamp column
 * defaults to temporal (DESIGN.md: temporal realism), which needs a cutoff from the caller, so
 * that is an error naming `split.cutoff`; without one, a seeded random 20% test set.
 */
export function defaultSplit(dataset: DatasetVersionShape): ProtocolSplit | { error: Record<string, string> } {
  if (dataset.timestampColumn) {
    return {
      error: {
        "split.cutoff": `Dataset version ${dataset.version} has a timestamp column (${dataset.timestampColumn}), so the split is temporal: give its cutoff (rows at or after it are the test set), or choose another split`,
      },
    };
  }
  return { kind: "random", testFraction: DEFAULT_TEST_FRACTION };
}

/**
 * Checks a protocol against the dataset version it will run on, returning every problem by
 * field (empty when it fits): time-ordered splits need a timestamp column; slice and stress
 * columns must be feature columns of the version (not its id, label or timestamp); numeric
 * perturbations need number columns; a hidden holdout must be able to hold MIN_HOLDOUT_ROWS.
 */
export function protocolDatasetProblems(
  protocol: Pick<BenchmarkProtocol, "split" | "sliceColumns" | "stress" | "holdout">,
  dataset: DatasetVersionShape,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const columns = columnsOf(dataset);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const reserved = new Map<string, string>([
    [dataset.idColumn, "the id column"],
    [dataset.labelColumn, "the label column"],
    ...(dataset.timestampColumn ? [[dataset.timestampColumn, "the timestamp column"] as [string, string]] : []),
  ]);
  const where = `dataset version ${dataset.version}`;
  const known = () => {
    const names = columns.map((c) => c.name).filter((n) => !reserved.has(n));
    return names.length > 0 ? `its feature columns are ${names.join(", ")}` : "it has no feature columns";
  };
  /** Why `name` cannot be used as a feature column, or null when it can. */
  const featureProblem = (name: string): string | null => {
    if (!byName.has(name)) return `Column "${name}" is not in ${where}; ${known()}`;
    const role = reserved.get(name);
    return role ? `"${name}" is ${role} of ${where}; choose a feature column` : null;
  };

  if (protocol.split.kind !== "random" && !dataset.timestampColumn) {
    problems["split.kind"] =
      `A ${protocol.split.kind} split needs a timestamp column and ${where} has none; use a random split`;
  }

  protocol.sliceColumns.forEach((name, i) => {
    const problem = featureProblem(name);
    if (problem) problems[`sliceColumns.${i}`] = problem;
  });

  protocol.stress.forEach((scenario, s) => {
    scenario.perturbations.forEach((perturbation, p) => {
      const field = `stress.${s}.perturbations.${p}.columns`;
      const numeric = perturbation.kind === "gaussian_noise" || perturbation.kind === "shift";
      perturbation.columns?.forEach((name, c) => {
        const problem = featureProblem(name);
        if (problem) problems[`${field}.${c}`] = problem;
        else if (numeric && byName.get(name)?.type !== "number") {
          problems[`${field}.${c}`] =
            `${perturbation.kind} changes numbers, and column "${name}" holds ${byName.get(name)?.type || "other"} values`;
        }
      });
    });
  });

  if (protocol.holdout) {
    const testRows =
      protocol.split.kind === "random" ? dataset.rowCount * protocol.split.testFraction : dataset.rowCount;
    const holdoutRows = Math.floor(testRows * protocol.holdout.fraction);
    if (holdoutRows < MIN_HOLDOUT_ROWS) {
      problems["holdout.fraction"] =
        `The holdout would hold at most ${holdoutRows} rows of ${where} (${dataset.rowCount} rows); it needs at least ${MIN_HOLDOUT_ROWS}: raise the fraction, or use a larger dataset version`;
    }
  }
  return problems;
}
