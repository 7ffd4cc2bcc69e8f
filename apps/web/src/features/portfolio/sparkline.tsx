/**
 * A key-metric trend as a tiny line (UI.md sparklines): no axes, the row's domain shared across
 * rows of the same metric, the last point marked; aria-hidden, the cell's text carries the value.
 */
export function Sparkline({ values, domain }: { values: number[]; domain: [number, number] | undefined }) {
  const width = 72;
  const height = 20;
  if (values.length === 0 || !domain) return <span aria-hidden className="inline-block w-[72px]" />;
  const [lo, hi] = domain;
  const span = hi - lo || 1;
  const x = (i: number) => (values.length === 1 ? width - 3 : 3 + (i * (width - 6)) / (values.length - 1));
  const y = (v: number) => height - 3 - ((v - lo) / span) * (height - 6);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const last = values[values.length - 1] as number;
  return (
    <svg
      aria-hidden
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className="inline-block align-middle text-primary"
      data-testid="portfolio-sparkline"
    >
      {values.length > 1 && <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.25} />}
      <circle cx={x(values.length - 1)} cy={y(last)} r={2} fill="currentColor" />
    </svg>
  );
}
