"use client";

/**
 * Select two versions of a model → Compare (their latest runs on the newest benchmark version
 * both ran). e2e: selects compare-version-a, compare-version-b; link compare-versions-submit.
 */
import Link from "next/link";
import { useState } from "react";

export function CompareVersionsPicker({ versions }: { versions: { id: string; version: string }[] }) {
  const [a, setA] = useState(versions[1]?.id ?? "");
  const [b, setB] = useState(versions[0]?.id ?? "");
  if (versions.length < 2) return null;
  const select = (value: string, set: (v: string) => void, testId: string, label: string) => (
    <label className="flex items-center gap-1.5">
      <span className="text-muted-foreground">{label}</span>
      <select
        value={value}
        onChange={(e) => set(e.target.value)}
        data-testid={testId}
        className="rounded border bg-surface px-1.5 py-0.5"
      >
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {v.version}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3 text-xs">
      <span className="font-medium">Compare two versions</span>
      {select(a, setA, "compare-version-a", "A")}
      {select(b, setB, "compare-version-b", "B")}
      {a === b ? (
        <span className="text-muted-foreground">Pick two different versions</span>
      ) : (
        <Link
          href={`/compare?versions=${a},${b}`}
          data-testid="compare-versions-submit"
          className="rounded border px-2 py-0.5 text-primary hover:bg-surface-muted"
        >
          Compare
        </Link>
      )}
    </div>
  );
}
