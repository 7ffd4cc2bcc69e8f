import type { FeatureColumn } from "@fieldtest/core";
import { type ColumnarTable, numericColumn, stringColumn } from "./columnar-table.ts";

/**
 * A model's input columns of a dataset version: every column except the id, label and timestamp
 * columns (slice columns stay features), in the table's column order. Numeric, boolean and
 * timestamp columns are read straight from the stored typed arrays (never boxed). The worker
 * scores these; "test connection" sends their first row.
 */
export function featureColumnsOf(
  table: ColumnarTable,
  datasetVersion: { idColumn: string; labelColumn: string; timestampColumn: string | null },
): FeatureColumn[] {
  const { idColumn, labelColumn, timestampColumn } = datasetVersion;
  const reserved = new Set([idColumn, labelColumn, ...(timestampColumn ? [timestampColumn] : [])]);
  const columns: FeatureColumn[] = [];
  for (const info of table.columns) {
    if (reserved.has(info.name)) continue;
    if (info.type === "string") {
      columns.push({ name: info.name, type: "string", values: stringColumn(table, info.name) });
    } else {
      columns.push({ name: info.name, type: info.type, values: numericColumn(table, info.name) });
    }
  }
  return columns;
}
