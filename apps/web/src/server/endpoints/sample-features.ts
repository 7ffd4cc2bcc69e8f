import "server-only";
import type { FeatureColumn } from "@fieldtest/core";
import { type ColumnarTable, featureColumnsOf } from "@fieldtest/db";

/** The first row of a dataset version's model input, as a one-row feature set ("test connection"). */
export function sampleFeatures(
  table: ColumnarTable,
  datasetVersion: { idColumn: string; labelColumn: string; timestampColumn: string | null },
): FeatureColumn[] {
  if (table.rowCount === 0) return [];
  return featureColumnsOf(table, datasetVersion).map((column) =>
    column.type === "string"
      ? { ...column, values: column.values.slice(0, 1) }
      : { ...column, values: (column.values as Float64Array).slice(0, 1) },
  );
}
