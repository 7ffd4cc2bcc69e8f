import { createRng, type Rng } from "@fieldtest/core";

/**
 * Seeded synthetic production traffic for the shadow soak test (shadow-soak.int.test.ts): a
 * binary model's champion events with features, an offline challenger's predictions for most
 * of them, and labels — with resends, relabels and a shuffled order, cut into POST batches.
 * Pure: the test sends it and compares what the server stored with the ground truth here.
 */

export interface SoakEvent {
  eventId: string;
  timestamp: string;
  features: { temp: number; wind: number };
  /** The champion's prediction (a noisy function of the features). */
  champion: number;
  /** The offline challenger's prediction, sent by the client; null for the events it has none for. */
  offline: number | null;
  /** The event's current (final) label; null when it stays unlabelled. */
  label: 0 | 1 | null;
  /** A wrong label with an earlier label timestamp is sent too: the later one must win. */
  relabelled: boolean;
}

export interface EventItem {
  eventId: string;
  modelVersionId: string;
  timestamp: string;
  features: Record<string, number>;
  prediction: number;
  latencyMs: number;
}

export interface LabelItem {
  eventId: string;
  label: 0 | 1;
  timestamp: string;
}

export interface SoakTraffic {
  events: SoakEvent[];
  /** Valid event items, each (eventId, modelVersionId) once. */
  eventItems: EventItem[];
  /** Invalid event items (prediction out of [0, 1]) that must be rejected and never stored. */
  invalidItems: EventItem[];
  /** Shuffled batches of event items, resends and invalid items included. */
  eventBatches: EventItem[][];
  /** Label batches sent before any event. */
  earlyLabelBatches: LabelItem[][];
  /** Label batches sent while the events are sent. */
  labelBatches: LabelItem[][];
  /** Label items in all, resends included. */
  labelItemCount: number;
  resentEventItems: number;
  resentLabelItems: number;
}

export interface SoakTrafficOptions {
  n: number;
  seed: number;
  /** Event times are spread over [fromMs, fromMs + spanMs). */
  fromMs: number;
  spanMs: number;
  championVersionId: string;
  offlineChallengerVersionId: string;
  batchSize: number;
  /** Share of the events with a label. */
  labelledShare?: number;
  /** Share of the labelled events sent a wrong label first (with an earlier label timestamp). */
  relabelShare?: number;
  /** Share of the events the offline challenger has a prediction for. */
  offlineShare?: number;
  /** Share of the items sent twice. */
  resendShare?: number;
  /** Share of the labelled events whose labels are all sent before any event. */
  earlyLabelShare?: number;
  invalidItems?: number;
}

const HOUR_MS = 3_600_000;

/** The probability of rain the data are drawn from. */
export function rainProbability(f: { temp: number; wind: number }): number {
  return 1 / (1 + Math.exp(-(0.15 * f.temp - 0.12 * f.wind - 1)));
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.nextFloat() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

/** `items` plus a resent copy of about `share` of them, shuffled. */
function withResends<T>(items: readonly T[], share: number, rng: Rng): { items: T[]; resent: number } {
  const resends = items.filter(() => rng.nextFloat() < share);
  return { items: shuffle([...items, ...resends], rng), resent: resends.length };
}

export function soakTraffic(options: SoakTrafficOptions): SoakTraffic {
  const rng = createRng(options.seed);
  const labelledShare = options.labelledShare ?? 0.8;
  const relabelShare = options.relabelShare ?? 0.1;
  const offlineShare = options.offlineShare ?? 0.9;
  const resendShare = options.resendShare ?? 0.05;
  const earlyLabelShare = options.earlyLabelShare ?? 0.2;

  const events: SoakEvent[] = [];
  const eventItems: EventItem[] = [];
  const earlyLabels: LabelItem[] = [];
  const lateLabels: LabelItem[] = [];
  for (let i = 0; i < options.n; i++) {
    const features = {
      temp: Math.round((rng.nextFloat() * 40 - 5) * 10) / 10,
      wind: Math.round(rng.nextFloat() * 200) / 10,
    };
    const p = rainProbability(features);
    const timeMs = options.fromMs + Math.floor(rng.nextFloat() * options.spanMs);
    const event: SoakEvent = {
      eventId: `soak-${i.toString(36).padStart(4, "0")}-${Math.floor(rng.nextFloat() * 1e6)}`,
      timestamp: new Date(timeMs).toISOString(),
      features,
      champion: clamp01(p + (rng.nextFloat() - 0.5) * 0.6),
      offline: rng.nextFloat() < offlineShare ? clamp01(p + (rng.nextFloat() - 0.5) * 0.3) : null,
      label: rng.nextFloat() < labelledShare ? (rng.nextFloat() < p ? 1 : 0) : null,
      relabelled: false,
    };
    events.push(event);
    const item = { eventId: event.eventId, timestamp: event.timestamp, features };
    eventItems.push({ ...item, modelVersionId: options.championVersionId, prediction: event.champion, latencyMs: 12 });
    if (event.offline !== null) {
      eventItems.push({
        ...item,
        modelVersionId: options.offlineChallengerVersionId,
        prediction: event.offline,
        latencyMs: 15,
      });
    }
    if (event.label !== null) {
      const lagMs = HOUR_MS + Math.floor(rng.nextFloat() * 72 * HOUR_MS);
      const labels: LabelItem[] = [
        { eventId: event.eventId, label: event.label, timestamp: new Date(timeMs + lagMs).toISOString() },
      ];
      if (rng.nextFloat() < relabelShare) {
        event.relabelled = true;
        const wrong = (1 - event.label) as 0 | 1;
        labels.push({
          eventId: event.eventId,
          label: wrong,
          timestamp: new Date(timeMs + lagMs - HOUR_MS).toISOString(),
        });
      }
      (rng.nextFloat() < earlyLabelShare ? earlyLabels : lateLabels).push(...labels);
    }
  }

  const invalidItems: EventItem[] = Array.from({ length: options.invalidItems ?? 25 }, (_, i) => ({
    eventId: `soak-invalid-${i}`,
    modelVersionId: options.championVersionId,
    timestamp: new Date(options.fromMs).toISOString(),
    features: { temp: 1, wind: 1 },
    prediction: 1.5,
    latencyMs: 1,
  }));
  const sentEvents = withResends(eventItems, resendShare, rng);
  const sentEarly = withResends(earlyLabels, resendShare, rng);
  const sentLate = withResends(lateLabels, resendShare, rng);
  return {
    events,
    eventItems,
    invalidItems,
    eventBatches: chunks(shuffle([...sentEvents.items, ...invalidItems], rng), options.batchSize),
    earlyLabelBatches: chunks(sentEarly.items, options.batchSize),
    labelBatches: chunks(sentLate.items, options.batchSize),
    labelItemCount: sentEarly.items.length + sentLate.items.length,
    resentEventItems: sentEvents.resent,
    resentLabelItems: sentEarly.resent + sentLate.resent,
  };
}
