import type { EndpointKind } from "@fieldtest/core";

/** Prisma's enum keys use `_` where DESIGN.md's endpoint names use `-` (the stored value is the DESIGN name). */
export type DbEndpointKind = "open_inference_v2" | "http_json" | "builtin" | "offline";

export const toDbEndpointKind = (kind: EndpointKind): DbEndpointKind => kind.replaceAll("-", "_") as DbEndpointKind;
export const fromDbEndpointKind = (kind: DbEndpointKind): EndpointKind => kind.replaceAll("_", "-") as EndpointKind;
