import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EmptyState, PageHeader } from "~/components/ui/section";
import type { Comparison } from "~/features/compare/compare-data";
import { CompareView } from "~/features/compare/compare-view";
import { api } from "~/server/api/caller";

export const metadata: Metadata = { title: "Compare" };

type Search = Promise<{ a?: string | string[]; b?: string | string[]; versions?: string | string[] }>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Two runs (?a=<runId>&b=<runId>) or two model versions (?versions=<idA>,<idB>: each one's latest
 * succeeded run on the newest benchmark version both ran) side by side, with the paired test.
 * Another team's run or version is the 404 page; a pair that cannot be compared says why.
 */
export default async function ComparePage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const versions = one(params.versions)?.split(",").filter(Boolean);
  const a = one(params.a);
  const b = one(params.b);
  const caller = await api();
  let comparison: Comparison & { benchmark?: { name: string; version: number } };
  try {
    if (versions) {
      if (versions.length !== 2) return <Refused message="Pick exactly two versions to compare" />;
      comparison = await caller.modelVersion.compare({
        versionIdA: versions[0] as string,
        versionIdB: versions[1] as string,
      });
    } else if (a && b) {
      comparison = await caller.run.compare({ runIdA: a, runIdB: b });
    } else {
      return <Refused message="Pick two runs (?a=…&b=…) or two versions (?versions=…,…) to compare" />;
    }
  } catch (err) {
    if (err instanceof TRPCError && err.code === "NOT_FOUND") notFound();
    if (err instanceof TRPCError && err.code === "BAD_REQUEST") return <Refused message={err.message} />;
    throw err;
  }
  const label = (c: Comparison["a"]) => `${c.modelVersion.model.name} ${c.modelVersion.version}`;
  return (
    <>
      <PageHeader
        title={`Compare: A ${label(comparison.a)} · B ${label(comparison.b)}`}
        description={
          comparison.benchmark
            ? `Latest succeeded runs of both versions on ${comparison.benchmark.name} v${comparison.benchmark.version}, the newest benchmark version both ran.`
            : "Two runs side by side, with the paired test when they scored the same rows."
        }
      />
      <CompareView comparison={comparison} />
    </>
  );
}

function Refused({ message }: { message: string }) {
  return (
    <>
      <PageHeader title="Compare" />
      <EmptyState title="Nothing to compare" testId="compare-refused">
        {message}
      </EmptyState>
    </>
  );
}
