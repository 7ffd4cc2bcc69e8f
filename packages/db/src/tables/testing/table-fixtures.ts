import { parquetWriteBuffer } from "hyparquet-writer";

/** One small table in the three upload formats: the same cells, so the same columnar table. */
export const SAME_CSV = [
  "id,day,x,flag,city,label",
  "007,2024-01-01,0.5,true,Seattle,1",
  '8,2024-01-02T10:30:00Z,-1.25,false,"New York, NY",0',
  '9,,,true,"He said ""hi""",1',
  "10,2024-01-04,300,,,0",
  "",
].join("\r\n");

export const SAME_JSONL = [
  '{"id":"007","day":"2024-01-01","x":0.5,"flag":true,"city":"Seattle","label":1}',
  '{"id":"8","day":"2024-01-02T10:30:00Z","x":-1.25,"flag":false,"city":"New York, NY","label":0}',
  "",
  '{"id":"9","day":null,"flag":true,"city":"He said \\"hi\\"","label":1}',
  '{"id":"10","day":"2024-01-04","x":300,"flag":null,"city":"","label":0}',
  "",
].join("\n");

export function sameParquet(): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "id", data: ["007", "8", "9", "10"], type: "STRING" },
        {
          name: "day",
          data: [
            new Date("2024-01-01T00:00:00Z"),
            new Date("2024-01-02T10:30:00Z"),
            null,
            new Date("2024-01-04T00:00:00Z"),
          ],
          type: "TIMESTAMP",
        },
        { name: "x", data: [0.5, -1.25, null, 300], type: "DOUBLE" },
        { name: "flag", data: [true, false, true, null], type: "BOOLEAN" },
        { name: "city", data: ["Seattle", "New York, NY", 'He said "hi"', null], type: "STRING" },
        { name: "label", data: [1, 0, 1, 0], type: "INT32" },
      ],
    }),
  );
}

export const SAME_COLUMNS = [
  { name: "id", type: "string", missing: 0 },
  { name: "day", type: "timestamp", missing: 1 },
  { name: "x", type: "number", missing: 1 },
  { name: "flag", type: "boolean", missing: 1 },
  { name: "city", type: "string", missing: 1 },
  { name: "label", type: "number", missing: 0 },
];

export const SAME_VALUES = {
  id: ["007", "8", "9", "10"],
  day: [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2, 10, 30), null, Date.UTC(2024, 0, 4)],
  x: [0.5, -1.25, null, 300],
  flag: [true, false, true, null],
  city: ["Seattle", "New York, NY", 'He said "hi"', null],
  label: [1, 0, 1, 0],
};

/** `bytes` in pieces of `size` bytes (1 splits every character and every line break). */
export async function* inPieces(bytes: Uint8Array | string, size: number): AsyncGenerator<Uint8Array> {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  for (let at = 0; at < data.byteLength; at += size) yield data.slice(at, at + size);
}
