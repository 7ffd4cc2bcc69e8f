import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.ts";

describe("canonicalJson", () => {
  it.each([
    {
      name: "sorted keys, no whitespace",
      value: { b: 1, a: [true, null, "x"] },
      expected: '{"a":[true,null,"x"],"b":1}',
    },
    { name: "nested objects sorted", value: { z: { y: 1, x: 2 }, a: {} }, expected: '{"a":{},"z":{"x":2,"y":1}}' },
    { name: "key order does not matter", value: { a: 1, b: 2 }, expected: canonicalJson({ b: 2, a: 1 }) },
    {
      name: "keys by UTF-16 code unit",
      value: { b: 1, B: 2, é: 3, "10": 4, "9": 5 },
      expected: '{"10":4,"9":5,"B":2,"b":1,"é":3}',
    },
    { name: "undefined properties left out", value: { a: undefined, b: 1 }, expected: '{"b":1}' },
    { name: "numbers as JSON.stringify", value: [0.1, -0, 1e21, 5e-324], expected: "[0.1,0,1e+21,5e-324]" },
    { name: "strings escaped", value: 'a"b\n\u2028', expected: JSON.stringify('a"b\n\u2028') },
    {
      name: "toJSON honoured",
      value: { at: new Date(Date.UTC(2024, 0, 1)) },
      expected: '{"at":"2024-01-01T00:00:00.000Z"}',
    },
    {
      name: "null-prototype object",
      value: Object.assign(Object.create(null), { b: 1, a: 2 }),
      expected: '{"a":2,"b":1}',
    },
    {
      name: "shared (non-circular) reference",
      value: (() => {
        const s = { x: 1 };
        return { a: s, b: s };
      })(),
      expected: '{"a":{"x":1},"b":{"x":1}}',
    },
  ])("$name", ({ value, expected }) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  const circular: Record<string, unknown> = {};
  circular.self = circular;
  it.each([
    { name: "NaN", value: { a: [1, Number.NaN] }, message: "$.a[1] is NaN" },
    { name: "Infinity", value: { a: Number.POSITIVE_INFINITY }, message: "$.a is Infinity" },
    { name: "bigint", value: { a: 1n }, message: "$.a is a bigint" },
    { name: "function", value: { f: () => 1 }, message: "$.f is a function" },
    { name: "undefined in an array", value: [1, undefined], message: "$[1] is undefined" },
    { name: "Map", value: { m: new Map() }, message: "$.m is a Map" },
    { name: "typed array", value: { t: new Float64Array(1) }, message: "$.t is a Float64Array" },
    { name: "cycle", value: circular, message: "$.self is a circular reference" },
    { name: "top-level undefined", value: undefined, message: "$ is a undefined" },
  ])("refuses $name", ({ value, message }) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });
});
