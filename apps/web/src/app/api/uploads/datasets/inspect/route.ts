import { AppError, describeBytes, inspectParquetFooter, inspectTable, readingUpload } from "@fieldtest/db";
import { errorResponse, handleUpload } from "../../../../../server/uploads";

/** What the browser sends of a CSV or JSON Lines file (features/datasets/use-inspection.ts). */
const INSPECT_HEAD_BYTES = 1024 * 1024;
/** Enough for a Parquet file sent whole for its sample (the browser sends larger ones' footer only). */
const MAX_INSPECT_BYTES = 32 * 1024 * 1024;
/** A Parquet footer is a few KB, even for a thousand columns and many row groups. */
const MAX_FOOTER_BYTES = 4 * 1024 * 1024;

/**
 * The confirmation step of a dataset upload: POST the beginning of a CSV or JSON Lines file
 * (the route reads at most its first 1,000 rows or 1 MB), a small Parquet file whole, or a
 * large one's footer (at most 4 MB) with `?part=footer` — format as for the upload itself.
 * Replies 200 with the inferred columns `{ columns: [{ name, type, missing }], rowsRead,
 * totalRows, complete, sample }`; a malformed row is a 400 naming its line. Nothing is stored.
 */
export async function POST(request: Request): Promise<Response> {
  return handleUpload(
    request,
    async ({ params, body, format, tempDir }) => {
      if (params.get("part") === "footer") {
        if (format !== "parquet") {
          throw new AppError("BAD_INPUT", "Only a Parquet file is inspected by its footer", { field: "part" });
        }
        const chunks: Uint8Array[] = [];
        let total = 0;
        for await (const chunk of body) {
          total += chunk.byteLength;
          if (total > MAX_FOOTER_BYTES) {
            return errorResponse(413, `A Parquet footer is at most ${describeBytes(MAX_FOOTER_BYTES)}`, "file");
          }
          chunks.push(chunk);
        }
        return Response.json(await readingUpload(() => inspectParquetFooter(Buffer.concat(chunks))));
      }
      // A CSV or JSON Lines file's first MB, as the browser sends it: inspectTable reads at most
      // that much and then takes a cut-short last line for the cut, not for a malformed row.
      return Response.json(
        await readingUpload(() => inspectTable({ body, format, maxBytes: INSPECT_HEAD_BYTES, tempDir })),
      );
    },
    { maxBytes: MAX_INSPECT_BYTES, kind: "inspection" },
  );
}
