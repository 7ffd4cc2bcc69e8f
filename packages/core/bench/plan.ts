// How big and how often: the full run uses the sizes; --quick shrinks them to
// check the bench itself in about a minute (its verdicts are then only indicative).

export interface Plan {
  mode: "full" | "quick";
  warmup: number;
  sizes: {
    /** Row 1 (whole binary suite) and row 5 (peak memory): the 10^7. */
    suite: number;
    /** Rows 2 (sort-based metrics) and 4 (end-to-end CSV): the 10^6. */
    sort: number;
    /** Row 3 (bootstrap): the 10^5. */
    bootstrap: number;
    /** Row 6 (multiclass and regression, informational). */
    suites: number;
    /** Rows 7a–7c (KS, PSI, JS): rows per side, the 10^6. */
    drift: number;
    /** Row 7d (drift report): rows per side and numeric columns, the 10^6 × 100. */
    driftReport: { rows: number; columns: number };
    /** Row 8a (upload read, informational): MiB of the generated CSV. */
    uploadCsvMb: number;
    /** Row 8b (stored table load, informational): rows of the 5-column table. */
    storedTableRows: number;
  };
  reps: {
    suite: number;
    sort: number;
    bootstrap: number;
    endToEnd: number;
    memory: number;
    info: number;
    drift: number;
    driftReport: number;
    upload: number;
  };
  classes: number;
  resamples: number;
  /** sklearn-loop reference of row 3: calls timed, then scaled to `resamples`. */
  sklearnLoopCalls: number;
  threshold: number;
  costs: { fp: number; fn: number };
}

export function planFor(quick: boolean): Plan {
  const shared = {
    warmup: 1,
    classes: 5,
    resamples: 1000,
    sklearnLoopCalls: 50,
    threshold: 0.5,
    costs: { fp: 1, fn: 5 },
  };
  if (quick) {
    return {
      ...shared,
      mode: "quick",
      sizes: {
        suite: 1_000_000,
        sort: 200_000,
        bootstrap: 20_000,
        suites: 200_000,
        drift: 200_000,
        driftReport: { rows: 200_000, columns: 5 },
        uploadCsvMb: 20,
        storedTableRows: 200_000,
      },
      reps: { suite: 3, sort: 3, bootstrap: 3, endToEnd: 3, memory: 1, info: 3, drift: 3, driftReport: 1, upload: 3 },
    };
  }
  return {
    ...shared,
    mode: "full",
    sizes: {
      suite: 10_000_000,
      sort: 1_000_000,
      bootstrap: 100_000,
      suites: 1_000_000,
      drift: 1_000_000,
      driftReport: { rows: 1_000_000, columns: 100 },
      uploadCsvMb: 100,
      storedTableRows: 1_000_000,
    },
    reps: { suite: 5, sort: 11, bootstrap: 5, endToEnd: 5, memory: 3, info: 7, drift: 11, driftReport: 3, upload: 5 },
  };
}
