/**
 * The input fields whose errors the protocol groups show (the server names them: `split.cutoff`,
 * `metrics.3`, `stress.0.perturbations.1.columns.0` …). Any other field's error becomes the
 * form-level message, so none vanishes.
 */
const SHOWN = [
  /^task$/,
  /^split(\.(kind|testFraction|cutoff|folds|testWindow|testWindow\.days|testWindow\.rows|trainWindow|trainWindow\.days|gap\.days))?$/,
  /^seed$/,
  /^metrics(\.\d+)?$/,
  /^threshold$/,
  /^sliceColumns(\.\d+)?$/,
  /^costs(\.(fp|fn|tp|tn))?$/,
  /^confidence(\.(level|resamples))?$/,
  /^holdout(\.(fraction|queryBudget|mechanism))?$/,
  /^stress$/,
  /^stress\.\d+\.(name|perturbations)$/,
  /^stress\.\d+\.perturbations\.\d+\.(kind|factor|rate|operation|amount)$/,
  /^stress\.\d+\.perturbations\.\d+\.columns(\.\d+)?$/,
];

export const isProtocolField = (field: string) => SHOWN.some((pattern) => pattern.test(field));
