import type { ShadowSnapshotResult } from "@fieldtest/core";

/**
 * A look is a snapshot whose labelled metrics are computed afresh; each spends α·6/(π²k²) of the
 * evaluation's error budget (core scoreShadowSnapshot). Rescoring every minute and counting every
 * snapshot as a look would spend it on nothing new (k ≈ 1,440 after a day: intervals ~3× wider),
 * so a snapshot is a look only once shadow inference has caught up with the window and the
 * labelled matched events have grown by LOOK_GROWTH since the last look (the first needs one).
 * From 20 to 100,000 labels that is 38 looks: α_38 = 2.1e-5 at α = 0.05, z = 4.25.
 */
export const LOOK_GROWTH = 1.25;

export function isNewLook(
  evaluation: { looks: number; labelledAtLastLook: number },
  labelled: number,
  inferenceDone: boolean,
): boolean {
  if (!inferenceDone || labelled === 0) return false;
  if (evaluation.looks === 0) return true;
  return labelled >= Math.ceil(LOOK_GROWTH * evaluation.labelledAtLastLook);
}

/** The snapshot whose rows a look's labelled metrics were computed on (the rows export reads them again). */
export interface LabelledAsOf {
  sequence: number;
  scoredAt: string;
  windowFrom: string | null;
  windowTo: string;
  labelled: number;
}

/** A stored snapshot result: the core's, plus which look its labelled parts come from. */
export type StoredShadowResult = ShadowSnapshotResult & { labelledAsOf: LabelledAsOf | null };

/** The parts of a result that come from the labelled rows of a look. */
const LABELLED_PARTS = [
  "metrics",
  "difference",
  "sampleSize",
  "calibration",
  "cost",
  "gap",
  "look",
  "alphaSpent",
] as const;

/**
 * A snapshot that is not a look reports the labelled parts of the last look unchanged (with
 * `labelledAsOf` naming it); before the first look there are none. Counts, latency, agreement,
 * shift, the label-free estimate, maturity and drift are always the snapshot's own.
 */
export function withLabelledPartsOf(
  fresh: ShadowSnapshotResult,
  previous: StoredShadowResult | null,
): StoredShadowResult {
  if (previous?.labelledAsOf) {
    const carried = { ...fresh, labelledAsOf: previous.labelledAsOf } as StoredShadowResult;
    for (const part of LABELLED_PARTS) (carried as unknown as Record<string, unknown>)[part] = previous[part];
    carried.warnings = [
      ...fresh.warnings.filter((w) => w.code !== "few_labels"),
      {
        code: "metrics_as_of_last_look",
        message: `metrics and intervals are those of look ${previous.look} (${previous.labelledAsOf.labelled} labelled matched events, snapshot ${previous.labelledAsOf.sequence}); the next look comes when there are ${Math.ceil(LOOK_GROWTH * previous.labelledAsOf.labelled)}`,
      },
    ];
    return carried;
  }
  return {
    ...fresh,
    metrics: [],
    difference: [],
    sampleSize: [],
    calibration: [],
    cost: [],
    gap: [],
    labelledAsOf: null,
    warnings: [
      ...fresh.warnings,
      {
        code: "no_look_yet",
        message:
          fresh.counts.labelled === 0
            ? "no labelled matched events yet: the label-free estimate stands in until labels arrive"
            : "shadow inference has not caught up with the window yet: metrics come once every challenger has answered",
      },
    ],
  };
}
