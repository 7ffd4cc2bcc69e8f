import { describe, expect, it } from "vitest";
import { createWorkerMetrics, type OutboundOutcome, recordOutboundCall } from "./metrics.ts";

describe("recordOutboundCall", () => {
  it("observes seconds by host and outcome", async () => {
    const metrics = createWorkerMetrics();
    recordOutboundCall({ host: "Models.Example.com:8443", ms: 120, outcome: "ok" }, metrics);
    recordOutboundCall({ host: "models.example.com:8443", ms: 80, outcome: "ok" }, metrics);
    recordOutboundCall({ host: "models.example.com:8443", ms: 5_000, outcome: "timeout" }, metrics);
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'fieldtest_outbound_call_duration_seconds_count{host="models.example.com:8443",outcome="ok"} 2',
    );
    expect(text).toContain(
      'fieldtest_outbound_call_duration_seconds_sum{host="models.example.com:8443",outcome="ok"} 0.2',
    );
    expect(text).toContain(
      'fieldtest_outbound_call_duration_seconds_count{host="models.example.com:8443",outcome="timeout"} 1',
    );
  });

  it("never throws and keeps the label set closed on odd input", async () => {
    const metrics = createWorkerMetrics();
    expect(() =>
      recordOutboundCall({ host: " ", ms: Number.NaN, outcome: "weird" as OutboundOutcome }, metrics),
    ).not.toThrow();
    const text = await metrics.registry.metrics();
    expect(text).toContain('fieldtest_outbound_call_duration_seconds_count{host="unknown",outcome="network_error"} 1');
  });

  it("serves prom-client's process metrics beside Fieldtest's", async () => {
    const text = await createWorkerMetrics().registry.metrics();
    for (const name of ["process_cpu_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds"]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
  });
});
