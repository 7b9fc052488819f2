import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import type { Issued } from "./pki";

/**
 * A fake Kubernetes API on 127.0.0.1: HTTPS that admits only clients presenting a certificate of
 * the test CA with the admin group (as k3s's admin kubeconfig does), and answers GETs from a table
 * of JSON by path, each cluster under a path prefix of its own (`/<cluster>/api/v1/nodes`).
 */
export class FakeKubeApi {
  readonly objects = new Map<string, unknown>();
  /** Paths asked, in order: a test can see what verify read. */
  readonly requests: string[] = [];
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(serving: Issued, ca: string): Promise<FakeKubeApi> {
    let api: FakeKubeApi | undefined;
    const server = createServer({ cert: serving.cert, key: serving.key, ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      const path = req.url ?? "/";
      api?.requests.push(path);
      if (peer.subject?.O !== "system:masters") {
        res.writeHead(403, { "content-type": "application/json" });
        return res.end(JSON.stringify({ kind: "Status", code: 403 }));
      }
      const found = api?.objects.get(path);
      res.writeHead(found === undefined ? 404 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify(found ?? { kind: "Status", code: 404, reason: "NotFound" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    api = new FakeKubeApi(server, (server.address() as AddressInfo).port);
    return api;
  }

  /** The kubeconfig of one cluster of this API, as the stack outputs it: CA and client certificate embedded. */
  kubeconfig(cluster: string, ca: string, client: Issued): string {
    const b64 = (pem: string) => Buffer.from(pem).toString("base64");
    return [
      "apiVersion: v1",
      "kind: Config",
      `clusters:\n- name: ${cluster}\n  cluster:\n    server: https://127.0.0.1:${this.port}/${cluster}\n    certificate-authority-data: ${b64(ca)}`,
      `users:\n- name: admin\n  user:\n    client-certificate-data: ${b64(client.cert)}\n    client-key-data: ${b64(client.key)}`,
      `contexts:\n- name: ${cluster}\n  context:\n    cluster: ${cluster}\n    user: admin`,
      `current-context: ${cluster}`,
      "",
    ].join("\n");
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
