import { InvalidInputError } from "../errors/invalid-input-error.ts";

export interface ColumnScaling {
  mean: number[];
  /** Population standard deviation (ddof = 0); 1 for a constant column, as sklearn's StandardScaler. */
  scale: number[];
}

/** Mean and standard deviation of each column, as sklearn `StandardScaler().fit(X)`. */
export function fitColumnScaling(columns: readonly Float64Array[]): ColumnScaling {
  const mean: number[] = [];
  const scale: number[] = [];
  for (const [j, column] of columns.entries()) {
    const n = column.length;
    if (n === 0) throw new InvalidInputError(`feature ${j} has no rows`);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += column[i] as number;
    const mu = sum / n;
    // Second pass on deviations: exact enough where a one-pass variance would cancel.
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const d = (column[i] as number) - mu;
      squares += d * d;
    }
    const sd = Math.sqrt(squares / n);
    mean.push(mu);
    scale.push(sd > 0 ? sd : 1);
  }
  return { mean, scale };
}

/** The columns standardised with a previously fitted scaling: (x − mean) / scale. */
export function applyColumnScaling(columns: readonly Float64Array[], scaling: ColumnScaling): Float64Array[] {
  if (columns.length !== scaling.mean.length) {
    throw new InvalidInputError(`expected ${scaling.mean.length} features, got ${columns.length}`);
  }
  return columns.map((column, j) => {
    const mu = scaling.mean[j] as number;
    const sd = scaling.scale[j] as number;
    const out = new Float64Array(column.length);
    for (let i = 0; i < column.length; i++) out[i] = ((column[i] as number) - mu) / sd;
    return out;
  });
}
