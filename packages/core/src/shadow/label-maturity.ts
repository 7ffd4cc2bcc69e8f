import { linearQuantile } from "../uncertainty/percentile.ts";
import type { PreparedSnapshot } from "./prepare-snapshot.ts";
import type { ShadowLabelMaturity, ShadowMaturityBucket } from "./types.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Upper bounds of event age (inclusive); the last bucket is open. */
export const MATURITY_BUCKETS: ReadonlyArray<{ label: string; maxAgeMs: number | null }> = [
  { label: "≤1h", maxAgeMs: HOUR },
  { label: "≤6h", maxAgeMs: 6 * HOUR },
  { label: "≤24h", maxAgeMs: DAY },
  { label: "≤3d", maxAgeMs: 3 * DAY },
  { label: "≤7d", maxAgeMs: 7 * DAY },
  { label: "≤30d", maxAgeMs: 30 * DAY },
  { label: ">30d", maxAgeMs: null },
];

/**
 * How labelled the events of the window are by their age at `nowMs` (all events, matched or
 * not; an event stamped after nowMs counts as age 0), with cumulative shares from the youngest
 * bucket up, and the median label lag (label time − event time; numpy median) when label
 * times are given.
 */
export function labelMaturity(
  prep: PreparedSnapshot,
  eventTimeMs: Float64Array,
  nowMs: number,
  labelTimeMs?: Float64Array,
): ShadowLabelMaturity {
  const k = MATURITY_BUCKETS.length;
  const events = new Array<number>(k).fill(0);
  const labelled = new Array<number>(k).fill(0);
  let total = 0;
  for (let i = 0; i < prep.events; i++) {
    const age = nowMs - (eventTimeMs[i] as number);
    let b = 0;
    while (b < k - 1 && age > (MATURITY_BUCKETS[b]?.maxAgeMs as number)) b++;
    events[b] = (events[b] as number) + 1;
    if (prep.hasLabel[i] === 1) {
      labelled[b] = (labelled[b] as number) + 1;
      total++;
    }
  }
  let cumEvents = 0;
  let cumLabelled = 0;
  const buckets: ShadowMaturityBucket[] = MATURITY_BUCKETS.map((spec, b) => {
    const e = events[b] as number;
    const l = labelled[b] as number;
    cumEvents += e;
    cumLabelled += l;
    return {
      label: spec.label,
      maxAgeMs: spec.maxAgeMs,
      events: e,
      labelled: l,
      shareLabelled: e === 0 ? null : l / e,
      cumulativeEvents: cumEvents,
      cumulativeLabelled: cumLabelled,
      cumulativeShareLabelled: cumEvents === 0 ? null : cumLabelled / cumEvents,
    };
  });
  let medianLabelLagMs: number | null = null;
  let labelLagReason: string | null = "no labelTimeMs given";
  if (labelTimeMs !== undefined) {
    const lags: number[] = [];
    for (let i = 0; i < prep.events; i++) {
      const t = labelTimeMs[i] as number;
      if (prep.hasLabel[i] === 1 && Number.isFinite(t)) lags.push(t - (eventTimeMs[i] as number));
    }
    if (lags.length > 0) {
      medianLabelLagMs = linearQuantile(Float64Array.from(lags).sort(), 0.5);
      labelLagReason = null;
    } else {
      labelLagReason = "no labelled event has a label time";
    }
  }
  return {
    events: prep.events,
    labelled: total,
    shareLabelled: prep.events === 0 ? null : total / prep.events,
    buckets,
    medianLabelLagMs,
    labelLagReason,
  };
}
