import { fitLogisticRegression, type LogisticRegressionModel, predictLogisticRegression } from "@fieldtest/core";
import { delayedLabels, departureOf, type FlightColumns, hourOf, weekdayOf } from "./flight-rows.ts";

/** Pseudo-flights of the base rate added to every scheduled flight's history (additive smoothing). */
export const FLIGHT_HISTORY_PRIOR = 3;

/** The champion's features of a flight: time of day (quadratic and cyclic), weekday (one-hot, Sunday the base), log distance. */
export function logregFeatures(flights: Pick<FlightColumns, "time" | "distance">): Float64Array[] {
  const n = flights.time.length;
  const hours = Float64Array.from(flights.time, hourOf);
  const weekdays = Float64Array.from(flights.time, weekdayOf);
  const columns = [
    hours,
    hours.map((h) => h * h),
    hours.map((h) => Math.sin((2 * Math.PI * h) / 24)),
    hours.map((h) => Math.cos((2 * Math.PI * h) / 24)),
  ];
  for (let d = 1; d < 7; d++) columns.push(weekdays.map((w) => (w === d ? 1 : 0)));
  columns.push(Float64Array.from({ length: n }, (_, i) => Math.log(Math.max(flights.distance[i] as number, 1))));
  return columns;
}

/** The scheduled flight: route and departure minute (the same flight, day after day, while the schedule holds). */
const flightKey = (flights: Pick<FlightColumns, "origin" | "destination" | "time">, i: number) =>
  `${flights.origin[i]}-${flights.destination[i]}@${departureOf(flights.time[i] as number)}`;

export interface FlightHistoryModel {
  baseRate: number;
  prior: number;
  /** Per scheduled flight: [flights seen, flights delayed]. */
  history: Map<string, [number, number]>;
}

export interface FlightModels {
  trainRows: number;
  logreg: { model: LogisticRegressionModel; iterations: number };
  history: FlightHistoryModel;
}

/**
 * Fits the story's two versions on `rows` of `flights` (the training months):
 * v1, a logistic regression on time of day, weekday and distance, which knows nothing of any one
 * flight; v2, each scheduled flight's own delay rate (route × departure minute), smoothed towards
 * the base rate. v2 remembers the winter schedule — superb while it holds, lost when it changes.
 */
export function fitFlightModels(flights: FlightColumns, rows: readonly number[]): FlightModels {
  const labels = delayedLabels(flights);
  const pick = (column: Float64Array) => Float64Array.from(rows, (i) => column[i] as number);
  const trainLabels = pick(labels);
  const fit = fitLogisticRegression({ features: logregFeatures(flights).map(pick), labels: trainLabels, c: 1 });
  if (!fit.converged) throw new Error(`the logistic regression did not converge in ${fit.iterations} iterations`);

  const history = new Map<string, [number, number]>();
  let delayed = 0;
  for (const i of rows) {
    const key = flightKey(flights, i);
    const seen = history.get(key) ?? [0, 0];
    seen[0]++;
    seen[1] += labels[i] as number;
    delayed += labels[i] as number;
    history.set(key, seen);
  }
  return {
    trainRows: rows.length,
    logreg: { model: fit.model, iterations: fit.iterations },
    history: { baseRate: rows.length === 0 ? 0.5 : delayed / rows.length, prior: FLIGHT_HISTORY_PRIOR, history },
  };
}

export function scoreLogreg(model: LogisticRegressionModel, flights: Pick<FlightColumns, "time" | "distance">) {
  return predictLogisticRegression(model, logregFeatures(flights));
}

/** A flight's smoothed delay rate; a flight the schedule did not have gets the base rate. */
export function scoreHistory(
  model: FlightHistoryModel,
  flights: Pick<FlightColumns, "origin" | "destination" | "time">,
): Float64Array {
  return Float64Array.from({ length: flights.time.length }, (_, i) => {
    const seen = model.history.get(flightKey(flights, i));
    if (!seen) return model.baseRate;
    return (seen[1] + model.prior * model.baseRate) / (seen[0] + model.prior);
  });
}
