import { createServer, type Server } from "node:https";
import type { IncomingMessage } from "node:http";
import { createSecureContext, type SecureContext } from "node:tls";
import type { AddressInfo } from "node:net";
import type { Issued } from "./pki";

/** What a fake site answers a request with. */
export interface FakeAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | string[]>>;
  readonly body?: string;
}

/** Answers a request to one host (its path with query, its headers), or undefined for a 404. */
export type FakeSite = (path: string, request: IncomingMessage) => FakeAnswer | undefined;

/**
 * One HTTPS server on 127.0.0.1 standing in for the fleet's ingress and Keycloak: every hostname
 * resolves to it, it serves each name the certificate the test gives it (by SNI), and answers
 * by Host header from the sites the test sets.
 */
export class FakeIngress {
  readonly sites = new Map<string, FakeSite>();
  private readonly certificates = new Map<string, SecureContext>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(fallback: Issued): Promise<FakeIngress> {
    let ingress: FakeIngress | undefined;
    const server = createServer(
      {
        cert: fallback.cert,
        key: fallback.key,
        SNICallback: (servername, callback) => callback(null, ingress?.certificates.get(servername)),
      },
      (req, res) => {
        const host = (req.headers.host ?? "").replace(/:\d+$/, "");
        const answer = ingress?.sites.get(host)?.(req.url ?? "/", req) ?? { status: 404, body: "no such site" };
        res.writeHead(answer.status, { ...answer.headers });
        res.end(answer.body ?? "");
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    ingress = new FakeIngress(server, (server.address() as AddressInfo).port);
    return ingress;
  }

  /** Serves `hostname` this certificate instead of the fallback one. */
  serveCertificate(hostname: string, issued: Issued): void {
    this.certificates.set(hostname, createSecureContext({ cert: issued.cert, key: issued.key }));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
