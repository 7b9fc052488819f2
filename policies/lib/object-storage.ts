import { isRecord } from "./kubernetes";

/** A string found somewhere in a resource's inputs, with its dotted path. */
export interface Found {
  readonly path: string;
  readonly value: string;
}

/** `<location>.your-objectstorage.com`, Hetzner's Object Storage hosts, with or without a scheme or bucket. */
const HETZNER_HOST = /(?<![a-z0-9-])([a-z0-9-]+)\.your-objectstorage\.com\b/gi;

/** Every Hetzner Object Storage host in any string of the inputs: [path, host, location]. */
export function hetznerHosts(value: unknown, path = ""): { path: string; host: string; location: string }[] {
  return strings(value, path).flatMap(({ path: at, value: text }) =>
    [...text.matchAll(HETZNER_HOST)].map((match) => ({ path: at, host: `${match[1]}.your-objectstorage.com`, location: (match[1] ?? "").toLowerCase() })),
  );
}

export function isHetznerEndpoint(endpoint: string): boolean {
  return [...endpoint.matchAll(HETZNER_HOST)].length > 0;
}

/**
 * k3s's etcd snapshot upload: `--etcd-s3` turns it on, `--etcd-s3-endpoint` says where, and
 * without it k3s uploads to s3.amazonaws.com. The same keys appear in k3s's config.yaml and in its
 * `k3s-etcd-snapshot-s3-config` Secret. https://docs.k3s.io/cli/etcd-snapshot#s3-compatible-object-store-support
 */
export function etcdS3Settings(value: unknown): { enabledAt: string | undefined; endpoints: Found[] } {
  let enabledAt: string | undefined;
  const endpoints: Found[] = [];
  const visit = (node: unknown, path: string): void => {
    if (typeof node === "string") {
      if (/--etcd-s3(?![-\w])|(?:^|\s)etcd-s3["']?\s*:\s*["']?true/m.test(node)) enabledAt ??= path;
      for (const match of node.matchAll(/etcd-s3-endpoint["']?(?:\s*[:=]\s*|\s+)["']?([^\s"',]+)/g)) {
        endpoints.push({ path, value: match[1] ?? "" });
      }
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}[${index}]`));
    } else if (isRecord(node)) {
      for (const [key, item] of Object.entries(node)) {
        const at = path === "" ? key : `${path}.${key}`;
        if (key === "etcd-s3" && (item === true || item === "true")) enabledAt ??= at;
        if (key === "etcd-s3-endpoint" && typeof item === "string") endpoints.push({ path: at, value: item });
        else visit(item, at);
      }
    }
  };
  visit(value, "");
  return { enabledAt, endpoints };
}

/**
 * CloudNativePG's barman object store settings, wherever a CR keeps them (an ObjectStore's
 * spec.configuration, a Cluster's deprecated spec.backup.barmanObjectStore, an external cluster
 * to restore from): any object with a destinationPath.
 * https://github.com/cloudnative-pg/plugin-barman-cloud
 */
export function barmanStores(value: unknown, path = ""): { path: string; endpointURL: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => barmanStores(item, `${path}[${index}]`));
  if (!isRecord(value)) return [];
  const own = "destinationPath" in value ? [{ path, endpointURL: value["endpointURL"] }] : [];
  return [...own, ...Object.entries(value).flatMap(([key, item]) => barmanStores(item, path === "" ? key : `${path}.${key}`))];
}

function strings(value: unknown, path: string): Found[] {
  if (typeof value === "string") return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}[${index}]`));
  if (isRecord(value)) return Object.entries(value).flatMap(([key, item]) => strings(item, path === "" ? key : `${path}.${key}`));
  return [];
}
