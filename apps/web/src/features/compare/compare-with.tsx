"use client";

/**
 * "Compare with…" on a run page: another succeeded run of the same benchmark version, then the
 * compare page. e2e: select compare-with-select, link compare-with-submit.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

export function CompareWith({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { data: runs } = useQuery(trpc.run.listComparable.queryOptions({ runId }));
  const [other, setOther] = useState("");
  if (!runs || runs.length === 0) return null;
  const chosen = other || (runs[0]?.id ?? "");
  return (
    <div className="flex items-center gap-2 text-xs">
      <label htmlFor="compare-with" className="text-muted-foreground">
        Compare with…
      </label>
      <select
        id="compare-with"
        data-testid="compare-with-select"
        value={chosen}
        onChange={(e) => setOther(e.target.value)}
        className="rounded border bg-surface px-1.5 py-0.5"
      >
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {r.modelVersion.model.name} {r.modelVersion.version} · {r.id.slice(0, 8)}
          </option>
        ))}
      </select>
      <Link
        href={`/compare?a=${runId}&b=${chosen}`}
        data-testid="compare-with-submit"
        className="rounded border px-2 py-0.5 text-primary hover:bg-surface-muted"
      >
        Compare
      </Link>
    </div>
  );
}
