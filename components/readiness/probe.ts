/**
 * Waiting until an HTTPS endpoint answers as a running service does. This module is serialized
 * into the state with the dynamic provider that uses it (components/readiness/https-ready.ts):
 * Pulumi's closure serializer copies each function's text and what it captures, so it imports
 * nothing at the top; Node's own modules are required where they are used.
 * https://www.pulumi.com/docs/iac/concepts/resources/dynamic-providers/
 */

/** What a ready endpoint answers with, besides HTTP 200. */
export type Expectation =
  /** The body, trimmed, is this text (the Kubernetes API's /readyz answers "ok"). */
  | { readonly kind: "body"; readonly text: string }
  /** The body is JSON whose `field` is `value` (an OIDC discovery document's issuer). */
  | { readonly kind: "json-field"; readonly field: string; readonly value: string };

export interface Probe {
  /** What is awaited, for messages: "the Kubernetes API of cluster ada-lovelace". */
  readonly what: string;
  readonly url: string;
  /** PEM of the only CA trusted for the server's certificate. @default the system's CAs */
  readonly caPem?: string;
  /** The name the server's certificate is checked against. @default the URL's host */
  readonly serverName?: string;
  /** Client certificate and key (PEM), for an API that authenticates by certificate. */
  readonly clientCertPem?: string;
  readonly clientKeyPem?: string;
  readonly expect: Expectation;
  /** How long to keep trying before failing the deployment. */
  readonly timeoutSeconds: number;
  /** Pause between two attempts. */
  readonly intervalSeconds: number;
}

export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** What waiting needs from the world: tests give their own, with no real time passing. */
export interface ProbeIo {
  readonly get: (probe: Probe) => Promise<Answer>;
  readonly sleep: (seconds: number) => Promise<void>;
  /** Seconds, monotonic. */
  readonly now: () => number;
}

/** Why an answer is not (yet) the ready one; undefined when it is. */
export function notReadyReason(probe: Probe, answer: Answer): string | undefined {
  if (answer.status !== 200) return `HTTP ${answer.status}`;
  const { expect } = probe;
  if (expect.kind === "body") {
    return answer.body.trim() === expect.text ? undefined : `answered ${JSON.stringify(answer.body.trim().slice(0, 80))}, not ${JSON.stringify(expect.text)}`;
  }
  let document: unknown;
  try {
    document = JSON.parse(answer.body);
  } catch {
    return "answered something that is not JSON";
  }
  const actual = typeof document === "object" && document !== null ? (document as Record<string, unknown>)[expect.field] : undefined;
  return actual === expect.value ? undefined : `answered ${expect.field} ${JSON.stringify(actual)}, not ${JSON.stringify(expect.value)}`;
}

/**
 * Tries until the endpoint answers ready, or fails once `timeoutSeconds` have passed, naming
 * what was awaited, where, and the last thing that went wrong.
 */
export async function waitUntilReady(probe: Probe, io: ProbeIo): Promise<void> {
  const deadline = io.now() + probe.timeoutSeconds;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    let reason: string | undefined;
    try {
      reason = notReadyReason(probe, await io.get(probe));
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    if (reason === undefined) return;
    if (io.now() + probe.intervalSeconds > deadline) {
      throw new Error(
        `jardin: ${probe.what} did not answer ready at ${probe.url} within ${probe.timeoutSeconds} s (${attempts} attempts; last: ${reason}). ` +
          "Check that this machine reaches it (the firewall's adminCidrs, DNS), then run pulumi up again: what is already created stays.",
      );
    }
    await io.sleep(probe.intervalSeconds);
  }
}

/** One GET over HTTPS with the probe's trust and client certificate, ten seconds at most. */
export function httpsGet(probe: Probe): Promise<Answer> {
  // Required here, not imported: this function runs in Pulumi's dynamic-provider process.
  const https = require("node:https") as typeof import("node:https");
  return new Promise((resolve, reject) => {
    const request = https.get(
      probe.url,
      {
        ...(probe.caPem === undefined ? {} : { ca: probe.caPem }),
        ...(probe.serverName === undefined ? {} : { servername: probe.serverName }),
        ...(probe.clientCertPem === undefined ? {} : { cert: probe.clientCertPem }),
        ...(probe.clientKeyPem === undefined ? {} : { key: probe.clientKeyPem }),
        timeout: 10_000,
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        // A discovery document or "ok" is small; a long body is cut, never held whole.
        response.on("data", (chunk: string) => {
          if (body.length < 65_536) body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error("no answer within 10 s")));
    request.on("error", reject);
  });
}

/** The real world: HTTPS, timers and the process's monotonic clock. */
export function realIo(): ProbeIo {
  return {
    get: httpsGet,
    sleep: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
    now: () => performance.now() / 1000,
  };
}
