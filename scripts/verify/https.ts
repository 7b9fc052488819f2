import type { LookupFunction } from "node:net";
import { request } from "node:https";
import { connect, type PeerCertificate } from "node:tls";
import type { VerifyContext } from "./context";

export interface HttpsResponse {
  readonly status: number;
  /** Header names in lower case; a repeated header's values joined as Node joins them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * Resolves names through the context's resolvers, IPv4 first: what a visitor's resolver answers
 * is what verify connects to, not what this machine's /etc/hosts says.
 */
function lookupThrough(context: VerifyContext): LookupFunction {
  return (hostname, options, callback) => {
    void (async () => {
      const v4 = await context.resolve(hostname, 4);
      const addresses = [...v4.map((address) => ({ address, family: 4 })), ...(v4.length > 0 ? [] : (await context.resolve(hostname, 6)).map((address) => ({ address, family: 6 })))];
      if (addresses.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" });
      // Node asks for every address when it tries families in turn (autoSelectFamily).
      if ((options as { all?: boolean }).all === true) (callback as (e: null, a: typeof addresses) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    })().catch((error: NodeJS.ErrnoException) => callback(error, "", 0));
  };
}

/** A GET of `url` (its port replaced by the context's HTTPS port), not following redirects. */
export function httpsGet(context: VerifyContext, url: URL, headers: Readonly<Record<string, string>> = {}): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        protocol: "https:",
        hostname: url.hostname,
        port: context.httpsPort,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        // Host without the port: the names are served on 443, whatever port verify reached them on.
        headers: { host: url.hostname, "user-agent": "jardin-verify", ...headers },
        lookup: lookupThrough(context),
        servername: url.hostname,
        ...(context.ca === undefined ? {} : { ca: [...context.ca] }),
        agent: false,
        timeout: context.requestTimeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url.hostname} within ${context.requestTimeoutMs / 1000} s`)));
    req.on("error", reject);
    req.end();
  });
}

export interface ServedCertificate {
  /** True when the chain reaches a trusted CA and names the host, within its validity. */
  readonly trusted: boolean;
  /** Why it is not trusted (Node's verification error), when it is not. */
  readonly error?: string;
  readonly notAfter: Date;
  readonly issuer: string;
}

/** The certificate `hostname` serves (TLS with its name as SNI), and whether it is trusted. */
export function servedCertificate(context: VerifyContext, hostname: string): Promise<ServedCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: hostname,
      port: context.httpsPort,
      servername: hostname,
      lookup: lookupThrough(context),
      ...(context.ca === undefined ? {} : { ca: [...context.ca] }),
      // Judged below, with the reason: an untrusted certificate is a finding, not a crash.
      rejectUnauthorized: false,
      timeout: context.requestTimeoutMs,
    });
    socket.once("secureConnect", () => {
      const certificate: PeerCertificate = socket.getPeerCertificate();
      const error = socket.authorizationError;
      socket.end();
      resolve({
        trusted: socket.authorized,
        ...(error === null || error === undefined ? {} : { error: String(error) }),
        notAfter: new Date(certificate.valid_to),
        issuer: String(certificate.issuer?.CN ?? certificate.issuer?.O ?? "unknown issuer"),
      });
    });
    socket.once("timeout", () => socket.destroy(new Error(`no TLS answer from ${hostname} within ${context.requestTimeoutMs / 1000} s`)));
    socket.once("error", reject);
  });
}
