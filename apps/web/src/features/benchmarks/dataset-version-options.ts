import type { BenchmarkDatasetVersion } from "~/features/benchmarks/create-benchmark-form";
import { formatCount } from "~/lib/format";

type DatasetWithVersions = {
  name: string;
  team: { id: string; name: string };
  versions: {
    id: string;
    version: number;
    rowCount: number;
    columns: { name: string; type: string }[];
    idColumn: string;
    labelColumn: string;
    timestampColumn: string | null;
    sliceColumns: string[];
  }[];
};

/** The dataset versions a benchmark form offers (dataset.list's rows), with their feature columns. */
export function benchmarkDatasetVersions(datasets: DatasetWithVersions[]): BenchmarkDatasetVersion[] {
  return datasets.flatMap((d) =>
    d.versions.map((v) => {
      const reserved = new Set([v.idColumn, v.labelColumn, v.timestampColumn]);
      return {
        id: v.id,
        label: `${d.name} v${v.version} · ${d.team.name} (${formatCount(v.rowCount)} rows)`,
        timestampColumn: v.timestampColumn,
        columns: v.columns.filter((c) => !reserved.has(c.name)).map((c) => ({ name: c.name, type: c.type })),
        sliceColumns: v.sliceColumns,
      };
    }),
  );
}
