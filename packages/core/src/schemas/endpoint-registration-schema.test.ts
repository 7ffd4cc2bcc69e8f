import { describe, expect, it } from "vitest";
import { endpointRegistrationSchema } from "./endpoint-registration-schema.ts";

const messages = (value: unknown) => {
  const parsed = endpointRegistrationSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("endpointRegistrationSchema", () => {
  it("accepts each protocol with its fields", () => {
    expect(endpointRegistrationSchema.parse({ protocol: "offline" })).toEqual({ protocol: "offline" });
    expect(
      endpointRegistrationSchema.parse({
        protocol: "builtin",
        algorithm: "gradient_boosting",
        params: { maxDepth: 4 },
      }),
    ).toEqual({
      protocol: "builtin",
      algorithm: "gradient_boosting",
      params: { maxDepth: 4 },
    });
    expect(
      endpointRegistrationSchema.parse({
        protocol: "open-inference-v2",
        url: " https://models.example.com/base ",
        modelName: "churn-v2",
        auth: { header: "authorization", secret: "Bearer abc" },
      }),
    ).toMatchObject({ url: "https://models.example.com/base", modelName: "churn-v2" });
    expect(
      endpointRegistrationSchema.parse({ protocol: "http-json", url: "http://10.0.0.5:8080/predict" }),
    ).toMatchObject({
      protocol: "http-json",
    });
  });

  it("refuses what cannot be called, naming the field", () => {
    expect(messages({ protocol: "grpc" })).toEqual([
      "protocol: protocol must be one of open-inference-v2, http-json, builtin, offline",
    ]);
    expect(messages({ protocol: "builtin", algorithm: "svm" })).toEqual([
      "algorithm: algorithm must be logistic_regression or gradient_boosting",
    ]);
    expect(messages({ protocol: "builtin", algorithm: "logistic_regression", params: { maxDepth: 3 } })[0]).toMatch(
      /^params: Unknown field "maxDepth"/,
    );
    expect(messages({ protocol: "open-inference-v2", url: "https://m.example.com" })[0]).toMatch(/^modelName: /);
    expect(messages({ protocol: "http-json", url: "ftp://m.example.com/x" })).toEqual([
      "url: URL must start with http:// or https://",
    ]);
    expect(messages({ protocol: "http-json", url: "https://user:pw@m.example.com/x" })[0]).toMatch(
      /^url: Put no credentials in the URL/,
    );
    expect(messages({ protocol: "http-json", url: "/relative" })).toEqual([
      "url: URL must be an absolute http:// or https:// URL",
    ]);
    expect(
      messages({ protocol: "http-json", url: "https://m.example.com", auth: { header: "bad header", secret: "s" } })[0],
    ).toMatch(/^auth.header: /);
    expect(messages({ protocol: "offline", url: "https://m.example.com" })[0]).toMatch(/Unknown field "url"/);
  });

  it("refuses a reserved auth header or a secret with control characters, naming the field", () => {
    const withAuth = (header: string, secret: string) =>
      messages({ protocol: "http-json", url: "https://m.example.com", auth: { header, secret } });
    for (const header of ["Host", "content-length", "Content-Type", "transfer-encoding", "proxy-authorization"]) {
      expect(withAuth(header, "s")).toEqual([
        "auth.header: Header is set by Fieldtest itself; use another header for the secret, e.g. authorization",
      ]);
    }
    for (const secret of ["Bearer a\r\nx-evil: 1", "a\nb", "a\u0000b", "a\u007fb"]) {
      expect(withAuth("authorization", secret)).toEqual([
        "auth.secret: Secret must not contain line breaks or control characters",
      ]);
    }
    expect(withAuth("x-api-key", "tab\tis fine")).toEqual([]);
  });

  it("refuses credential-looking query parameters in the URL; other query strings stay allowed", () => {
    const noCredentials = "url: Put no credentials in the URL; give the secret as the endpoint's auth header instead";
    for (const query of ["key=1", "API_KEY=1", "apikey=1", "api-key=1", "Token=x", "access_token=x", "secret=x"]) {
      expect(messages({ protocol: "http-json", url: `https://m.example.com/p?a=1&${query}` })).toEqual([noCredentials]);
    }
    for (const query of ["password=x", "pwd=x", "code=x", "sig=x", "Signature=x", "auth=x"]) {
      expect(messages({ protocol: "http-json", url: `https://m.example.com/p?${query}` })).toEqual([noCredentials]);
    }
    expect(messages({ protocol: "http-json", url: "https://m.example.com/p?version=2&monkey=1&tokens=3" })).toEqual([]);
  });
});
