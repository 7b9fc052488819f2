import { request } from "node:https";
import { parse } from "yaml";

/** Reads a cluster's API with its admin kubeconfig: plain HTTPS with the client certificate (or token) it holds. */
export interface KubeClient {
  /** The JSON at `path` (e.g. `/api/v1/nodes`); undefined when the API says 404. */
  get<T>(path: string): Promise<T | undefined>;
}

interface Kubeconfig {
  "current-context"?: string;
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  clusters?: { name: string; cluster: { server: string; "certificate-authority-data"?: string } }[];
  users?: { name: string; user: { "client-certificate-data"?: string; "client-key-data"?: string; token?: string } }[];
}

const fromBase64 = (data: string) => Buffer.from(data, "base64").toString("utf8");

/**
 * A client for the cluster a kubeconfig's current context names. Only embedded data is read
 * (`*-data`, `token`): the stack's kubeconfigs carry their certificates, never file paths.
 */
export function kubeClient(kubeconfig: string, where: string, requestTimeoutMs = 15_000): KubeClient {
  const config = parse(kubeconfig) as Kubeconfig;
  const contextName = config["current-context"];
  const context = config.contexts?.find((c) => c.name === contextName)?.context;
  if (context === undefined) throw new Error(`${where}: current-context ${JSON.stringify(contextName)} is not among its contexts`);
  const cluster = config.clusters?.find((c) => c.name === context.cluster)?.cluster;
  if (cluster?.server === undefined) throw new Error(`${where}: cluster ${JSON.stringify(context.cluster)} has no server`);
  const user = config.users?.find((u) => u.name === context.user)?.user ?? {};
  const server = new URL(cluster.server);
  const ca = cluster["certificate-authority-data"];
  const cert = user["client-certificate-data"];
  const key = user["client-key-data"];
  if (user.token === undefined && (cert === undefined || key === undefined)) {
    throw new Error(`${where}: user ${JSON.stringify(context.user)} has neither client-certificate-data with client-key-data nor a token`);
  }
  return {
    get<T>(path: string): Promise<T | undefined> {
      return new Promise((resolve, reject) => {
        const req = request(
          {
            protocol: "https:",
            hostname: server.hostname.replace(/^\[|\]$/g, ""),
            port: server.port === "" ? 443 : Number(server.port),
            path: `${server.pathname.replace(/\/$/, "")}${path}`,
            method: "GET",
            headers: { accept: "application/json", ...(user.token === undefined ? {} : { authorization: `Bearer ${user.token}` }) },
            ...(ca === undefined ? {} : { ca: fromBase64(ca) }),
            ...(cert === undefined || key === undefined ? {} : { cert: fromBase64(cert), key: fromBase64(key) }),
            agent: false,
            timeout: requestTimeoutMs,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("error", reject);
            res.on("end", () => {
              const body = Buffer.concat(chunks).toString("utf8");
              if (res.statusCode === 404) return resolve(undefined);
              if (res.statusCode !== 200) return reject(new Error(`${server.host}${path}: HTTP ${res.statusCode} ${body.slice(0, 200)}`));
              try {
                resolve(JSON.parse(body) as T);
              } catch {
                reject(new Error(`${server.host}${path}: the answer is not JSON`));
              }
            });
          },
        );
        req.on("timeout", () => req.destroy(new Error(`${server.host} did not answer within ${requestTimeoutMs / 1000} s`)));
        req.on("error", reject);
        req.end();
      });
    },
  };
}

/** The list kind every `GET` of a collection returns. */
export interface List<T> {
  readonly items: readonly T[];
}
