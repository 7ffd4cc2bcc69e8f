import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlobStorage } from "../storage/storage.ts";
import { createDatasetVersion } from "./create-dataset-version.ts";
import { type DatasetTestDb, openDatasetTestDb } from "./testing/dataset-test-db.ts";

// A real collector, so the samples measure what is alive, not garbage not yet collected.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const FILE_BYTES = 50 * 1024 * 1024;
const MB = 1024 * 1024;

let t: DatasetTestDb;
beforeAll(async () => {
  t = await openDatasetTestDb();
});
afterAll(async () => {
  await t?.close();
});

interface Usage {
  heap: number;
  external: number;
}
function usage(): Usage {
  // Twice: the first collection only queues the release of dead ArrayBuffers' memory.
  gc();
  gc();
  const m = process.memoryUsage();
  // `external` includes every ArrayBuffer (the typed-array columns).
  return { heap: m.heapUsed, external: m.external };
}

/** A 50 MB CSV (id, day, two measurements, label) generated while it is read: the test never holds it. */
function generatedCsv(onMegabyte: () => void) {
  let sent = 0;
  let nextSample = MB;
  async function* body(): AsyncGenerator<Uint8Array> {
    const encoder = new TextEncoder();
    yield encoder.encode("id,day,x1,x2,label\n");
    let row = 0;
    while (sent < FILE_BYTES) {
      let text = "";
      while (text.length < 64 * 1024) {
        const day = `2024-${String((row % 12) + 1).padStart(2, "0")}-${String((row % 28) + 1).padStart(2, "0")}`;
        text += `r${row},${day},${((row * 7919) % 10_007) / 10_007},${(row % 977) * 0.125},${row % 3 === 0 ? 1 : 0}\n`;
        row++;
      }
      const bytes = encoder.encode(text);
      sent += bytes.byteLength;
      if (sent >= nextSample) {
        nextSample += 4 * MB;
        onMegabyte();
      }
      yield bytes;
    }
  }
  return { body: body(), bytes: () => sent };
}

describe("a streamed 50 MB CSV", () => {
  it("is stored with the heap growing far less than the file, and never a copy of the file in memory", async () => {
    const base = usage();
    const peak: Usage = { heap: 0, external: 0 };
    const sample = () => {
      const now = usage();
      peak.heap = Math.max(peak.heap, now.heap - base.heap);
      peak.external = Math.max(peak.external, now.external - base.external);
    };
    // The moment the encoded table is written is when the most is alive: sample there too.
    const storage: BlobStorage = {
      ...t.storage,
      put: async (key, content) => {
        sample();
        await t.storage.put(key, content);
      },
    };
    const csv = generatedCsv(sample);
    const started = performance.now();
    const { datasetVersion } = await createDatasetVersion({
      db: t.db,
      storage,
      teamId: t.teamId,
      datasetName: "fifty-megabytes",
      body: csv.body,
      format: "csv",
      idColumn: "id",
      labelColumn: "label",
      timestampColumn: "day",
      userId: t.userId,
    });
    const seconds = (performance.now() - started) / 1000;
    const fileMb = (csv.bytes() + 19) / MB;
    console.log(
      `50 MB CSV: ${datasetVersion.rowCount.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s ` +
        `(${(fileMb / seconds).toFixed(1)} MB/s); peak live heap growth ${(peak.heap / MB).toFixed(1)} MB, ` +
        `peak typed-array (external) growth ${(peak.external / MB).toFixed(1)} MB, file ${fileMb.toFixed(1)} MB`,
    );
    expect(datasetVersion.sizeBytes).toBe(csv.bytes() + 19);
    expect(datasetVersion.rowCount).toBeGreaterThan(1_000_000);
    // The heap holds the id column's characters and little else: the columns are typed arrays.
    expect(peak.heap).toBeLessThan(0.25 * FILE_BYTES);
    // Everything together is the columnar table (about the file's size for mostly numeric data:
    // 8 bytes a cell) plus the id column's UTF-8 at write time; a copy of the file on top would
    // add 50 MB and fail this.
    expect(peak.heap + peak.external).toBeLessThan(1.5 * FILE_BYTES);
  }, 120_000);
});
