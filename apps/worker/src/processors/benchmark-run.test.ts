import { EndpointAuthError, EndpointConfigError, validateEndpointAuth } from "@fieldtest/outbound";
import { describe, expect, it } from "vitest";
import { userActionableMessage } from "./benchmark-run.ts";

describe("userActionableMessage", () => {
  it("fails the run without retry on an auth header that cannot be sent, naming the header, never the secret", () => {
    let thrown: unknown;
    try {
      validateEndpointAuth({ header: "x-api-key", secret: "hunter2\r\nx-evil: 1" });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(EndpointAuthError);
    const message = userActionableMessage(thrown);
    expect(message).toBe(
      `The endpoint's auth cannot be sent: the secret for header "x-api-key" contains a line break or control character. Register a new version with a valid auth header`,
    );
    expect(message).not.toContain("hunter2");
  });

  it("keeps the other user-actionable errors' messages and retries anything else", () => {
    expect(userActionableMessage(new EndpointConfigError('the feature column "a" appears twice'))).toBe(
      'the feature column "a" appears twice',
    );
    expect(userActionableMessage(new Error("connection reset"))).toBeNull();
    expect(userActionableMessage("boom")).toBeNull();
  });
});
