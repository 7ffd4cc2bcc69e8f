"use client";

import { type BarShapeProps, Rectangle } from "recharts";

/**
 * Pieces the category charts share (slices, stress, drift): a legend that can name what Recharts'
 * own legend cannot (error bars, reference lines, hatched "insufficient" bars), the hatch pattern
 * itself and a bar shape that prints its value past the bar's end, and reference-line labels. Theme variables only.
 */

export type LegendSwatch =
  | { kind: "bar"; color: string; opacity?: number }
  | { kind: "hatch"; color: string }
  | { kind: "line"; color: string; dash?: string }
  | { kind: "whisker"; color: string }
  | { kind: "dot"; color: string }
  /** A note without a mark ("no interval: …"). */
  | { kind: "note" };

export interface LegendItem {
  label: string;
  swatch: LegendSwatch;
}

function Swatch({ swatch }: { swatch: LegendSwatch }) {
  switch (swatch.kind) {
    case "note":
      return null;
    case "bar":
      return (
        <svg width="14" height="10" aria-hidden className="shrink-0">
          <rect width="14" height="10" rx="1" fill={swatch.color} fillOpacity={swatch.opacity ?? 1} />
        </svg>
      );
    case "hatch":
      return (
        <span
          aria-hidden
          className="inline-block h-2.5 w-3.5 shrink-0 rounded-[1px] border border-dashed"
          style={{
            borderColor: swatch.color,
            backgroundImage: `repeating-linear-gradient(45deg, ${swatch.color} 0 1.5px, transparent 1.5px 4px)`,
          }}
        />
      );
    case "dot":
      return (
        <svg width="10" height="10" aria-hidden className="shrink-0">
          <circle cx="5" cy="5" r="4" fill={swatch.color} />
        </svg>
      );
    case "line":
      return (
        <svg width="18" height="10" aria-hidden className="shrink-0">
          <line x1="0" y1="5" x2="18" y2="5" stroke={swatch.color} strokeWidth="2" strokeDasharray={swatch.dash} />
        </svg>
      );
    case "whisker":
      return (
        <svg width="18" height="10" aria-hidden className="shrink-0">
          <line x1="2" y1="5" x2="16" y2="5" stroke={swatch.color} strokeWidth="1.5" />
          <line x1="2" y1="1" x2="2" y2="9" stroke={swatch.color} strokeWidth="1.5" />
          <line x1="16" y1="1" x2="16" y2="9" stroke={swatch.color} strokeWidth="1.5" />
        </svg>
      );
  }
}

/** Use as `<Legend content={<ChartLegend items={…} />} />`; Recharts' own payload is ignored. */
export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 pb-2 text-[11px] text-muted-foreground">
      {items.map((item) => (
        <li key={item.label} className="inline-flex items-center gap-1.5">
          <Swatch swatch={item.swatch} />
          <span>{item.label}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Recharts Legend props that draw ChartLegend of `items` above the plot, left-aligned, as every
 * chart here does: `<Legend {...legendAbove(items)} />`. Props rather than a wrapping component, so
 * that Legend stays the chart's direct child.
 */
export function legendAbove(items: readonly LegendItem[]) {
  return { verticalAlign: "top", align: "left", content: <ChartLegend items={items} /> } as const;
}

/** Diagonal hatching for bars drawn without full weight (small slices): put inside the chart, fill `url(#id)`. */
export function HatchPattern({ id, color }: { id: string; color: string }) {
  return (
    <defs>
      <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
        <rect width="6" height="6" fill={color} fillOpacity={0.08} />
        <line x1="0" y1="0" x2="0" y2="6" stroke={color} strokeWidth="2" strokeOpacity={0.55} />
      </pattern>
    </defs>
  );
}

export interface BarLook {
  fill: string;
  fillOpacity?: number;
  stroke?: string;
  strokeDasharray?: string;
}

export interface BarEnd {
  /** The value the bar draws (from zero), its interval if any, and the text to print past its end. */
  value: number | null;
  lower?: number | null;
  upper?: number | null;
  text: string;
}

/**
 * A `shape` for a horizontal Bar (layout="vertical") that styles each bar from its row and prints
 * its value past the end away from zero, beyond the error bar's whisker when there is one. The
 * bar stays Recharts' own Rectangle (path.recharts-rectangle).
 */
export function horizontalBarShape<Row>(look: (row: Row) => BarLook, end: (row: Row) => BarEnd) {
  // Recharts calls a function `shape` per bar (not as a component), so nothing remounts.
  return (props: BarShapeProps) => renderHorizontalBar(props, look(props.payload as Row), end(props.payload as Row));
}

function renderHorizontalBar(props: BarShapeProps, look: BarLook, barEnd: BarEnd) {
  const { x, y, width, height } = props;
  const { value, lower = null, upper = null, text } = barEnd;
  const left = Math.min(x, x + width);
  const right = Math.max(x, x + width);
  const span = Math.abs(width);
  let labelX: number | null = null;
  let anchor: "start" | "end" = "start";
  if (value !== null && Number.isFinite(value) && [x, y, width, height].every(Number.isFinite)) {
    // Pixels per unit from the bar itself (it runs from zero to the value).
    const k = value === 0 ? 0 : span / Math.abs(value);
    if (value >= 0) {
      labelX = right + Math.max(0, (upper ?? value) - value) * k + 4;
    } else {
      labelX = left - Math.max(0, value - (lower ?? value)) * k - 4;
      anchor = "end";
    }
  }
  return (
    <g>
      <Rectangle {...props} {...look} />
      {labelX !== null && text !== "" && (
        <text
          x={labelX}
          y={y + height / 2}
          dominantBaseline="central"
          textAnchor={anchor}
          fontSize={10}
          fill="var(--foreground)"
          style={{ fontVariantNumeric: "tabular-nums" }}
        >
          {text}
        </text>
      )}
    </g>
  );
}

/** A label for a vertical ReferenceLine, above the plot, reading away from the line (`anchor`). */
export function ReferenceLabel(props: {
  viewBox?: { x?: number; y?: number };
  text: string;
  anchor?: "start" | "middle" | "end";
}) {
  const x = props.viewBox?.x;
  const y = props.viewBox?.y;
  if (x === undefined || y === undefined) return null;
  const dx = props.anchor === "end" ? -3 : props.anchor === "start" ? 3 : 0;
  return (
    <text
      x={x + dx}
      y={y - 5}
      textAnchor={props.anchor ?? "middle"}
      fontSize={10}
      fill="var(--muted-foreground)"
      style={{ fontVariantNumeric: "tabular-nums" }}
    >
      {props.text}
    </text>
  );
}
