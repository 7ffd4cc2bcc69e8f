import { openApiDocument } from "../../../../server/rest/openapi";

/** The OpenAPI document of REST /api/v1; public (it describes, it serves no data). */
export function GET(): Response {
  return Response.json(openApiDocument());
}
