import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { readinessProvider } from "../../../components/readiness/https-ready";
import { notReadyReason, waitUntilReady, type Answer, type Probe, type ProbeIo } from "../../../components/readiness/probe";

const API: Probe = {
  what: "the Kubernetes API of cluster ada-lovelace",
  url: "https://api.ada-lovelace.jardin.example:6443/readyz",
  expect: { kind: "body", text: "ok" },
  timeoutSeconds: 60,
  intervalSeconds: 10,
};

/** A world where each attempt gets the next answer and sleeping only moves a counter. */
function scripted(answers: readonly (Answer | Error)[]): ProbeIo & { readonly slept: number[] } {
  let clock = 0;
  let attempt = 0;
  const slept: number[] = [];
  return {
    slept,
    get: async () => {
      const answer = answers[Math.min(attempt++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    sleep: async (seconds) => {
      slept.push(seconds);
      clock += seconds;
    },
    now: () => clock,
  };
}

describe("a readiness probe", () => {
  it("retries while the endpoint refuses or is not ready, and ends at the first ready answer", async () => {
    const io = scripted([new Error("connect ECONNREFUSED"), { status: 500, body: "[-]etcd failed" }, { status: 200, body: "ok\n" }]);
    await waitUntilReady(API, io);
    expect(io.slept).toEqual([10, 10]);
  });

  it("fails once its time is up, naming what it waited for, where, and the last reason", async () => {
    const io = scripted([new Error("getaddrinfo ENOTFOUND api.ada-lovelace.jardin.example")]);
    await expect(waitUntilReady(API, io)).rejects.toThrow(
      "jardin: the Kubernetes API of cluster ada-lovelace did not answer ready at https://api.ada-lovelace.jardin.example:6443/readyz within 60 s (7 attempts; last: getaddrinfo ENOTFOUND api.ada-lovelace.jardin.example). Check that this machine reaches it (the firewall's adminCidrs, DNS), then run pulumi up again: what is already created stays.",
    );
    expect(io.slept).toHaveLength(6);
  });

  it("takes an OIDC discovery document as ready only with the expected issuer", () => {
    const keycloak: Probe = { ...API, expect: { kind: "json-field", field: "issuer", value: "https://sso.jardin.example/realms/master" } };
    expect(notReadyReason(keycloak, { status: 200, body: '{"issuer":"https://sso.jardin.example/realms/master"}' })).toBeUndefined();
    // An ingress's default backend, or Keycloak still configured for another hostname.
    expect(notReadyReason(keycloak, { status: 404, body: "404 page not found" })).toBe("HTTP 404");
    expect(notReadyReason(keycloak, { status: 200, body: "<html>" })).toBe("answered something that is not JSON");
    expect(notReadyReason(keycloak, { status: 200, body: '{"issuer":"http://localhost:8080/realms/master"}' })).toBe(
      'answered issuer "http://localhost:8080/realms/master", not "https://sso.jardin.example/realms/master"',
    );
    expect(notReadyReason(API, { status: 200, body: "[+]ping ok" })).toBe('answered "[+]ping ok", not "ok"');
  });
});

describe("the readiness gates' provider, as Pulumi ships it", () => {
  it("runs from its serialized text alone, as the dynamic-provider process loads it", async () => {
    // What pulumi.dynamic.Resource stores in `__provider` and the provider process evaluates
    // (@pulumi/pulumi 3.248.0: dynamic/index.js serializeProvider; cmd/dynamic-provider getProvider).
    const { text } = await pulumi.runtime.serializeFunction(() => readinessProvider, { allowSecrets: true });
    const requireFromString = require("require-from-string") as (code: string) => { handler: () => typeof readinessProvider };
    const provider = requireFromString(text).handler();
    // Nothing listens on port 9 of this machine: one attempt, refused, and the time is up.
    await expect(
      provider.create!({ ...API, url: "https://127.0.0.1:9/readyz", timeoutSeconds: 0 }),
    ).rejects.toThrow(/^jardin: the Kubernetes API of cluster ada-lovelace did not answer ready at https:\/\/127\.0\.0\.1:9\/readyz within 0 s \(1 attempts; last: connect ECONNREFUSED 127\.0\.0\.1:9\)/);
  });
});
