import { AppError, inspectParquetFooter, inspectTable, TableParseError } from "@fieldtest/db";
import { handleUpload } from "../../../../../server/uploads";

/** What the browser sends of a CSV or JSON Lines file (features/datasets/use-inspection.ts). */
const INSPECT_HEAD_BYTES = 1024 * 1024;
/** Enough for a Parquet file sent whole for its sample (the browser sends larger ones' footer only). */
const MAX_INSPECT_BYTES = 32 * 1024 * 1024;

/**
 * The confirmation step of a dataset upload: POST the beginning of a CSV or JSON Lines file
 * (the route reads at most its first 1,000 rows or 1 MB), a small Parquet file whole, or a
 * large one's footer with `?part=footer` — format as for the upload itself. Replies 200 with
 * the inferred columns `{ columns: [{ name, type, missing }], rowsRead, totalRows, complete,
 * sample }`; a malformed row is a 400 naming its line. Nothing is stored.
 */
export async function POST(request: Request): Promise<Response> {
  return handleUpload(
    request,
    async ({ params, body, format }) => {
      try {
        if (params.get("part") === "footer") {
          if (format !== "parquet") {
            throw new AppError("BAD_INPUT", "Only a Parquet file is inspected by its footer", { field: "part" });
          }
          const chunks: Uint8Array[] = [];
          for await (const chunk of body) chunks.push(chunk);
          return Response.json(await inspectParquetFooter(Buffer.concat(chunks)));
        }
        // A CSV or JSON Lines file's first MB, as the browser sends it: inspectTable reads at most
        // that much and then takes a cut-short last line for the cut, not for a malformed row.
        return Response.json(await inspectTable({ body, format, maxBytes: INSPECT_HEAD_BYTES }));
      } catch (err) {
        if (err instanceof TableParseError) throw new AppError("BAD_INPUT", err.message, { field: "file", cause: err });
        throw err;
      }
    },
    { maxBytes: MAX_INSPECT_BYTES },
  );
}
