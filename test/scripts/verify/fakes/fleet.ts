import { verifyContext, type VerifyContext } from "../../../../scripts/verify/context";
import type { FleetOutputs } from "../../../../scripts/verify/outputs";
import type { VerifyTargets } from "../../../../model/contract/verify-targets";
import { FakeDns } from "./dns-server";
import { FakeIngress, type FakeAnswer } from "./https-server";
import { FakeKubeApi } from "./kube-api";
import { TestCa, type Issued } from "./pki";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SSO = "sso.jardin.test";

/** How one fake app behaves; a test changes one field to seed a failure. */
export interface FakeApp {
  /** The status its health path answers. */
  health: number;
  readonly healthPath: string;
  /** What its login start sends the browser to the realm with. */
  login?: { clientId: string; redirectUri: string; pkce: boolean; realm: string };
  /** Where its login starts; Nextcloud's goes through a hop on its own host that needs the cookie set by the first. */
  readonly loginPath?: string;
  readonly viaHop?: boolean;
}

/**
 * A healthy fleet of two clusters and two tenants, served by fakes on 127.0.0.1 (DNS, one HTTPS
 * ingress for apps and Keycloak, one Kubernetes API for both clusters), and the stack outputs
 * that describe it. `reset()` makes it healthy again; tests seed one failure each.
 */
export class FakeFleet {
  readonly apps = new Map<string, FakeApp>();
  /** Realms whose discovery answers. */
  readonly realmsUp = new Set<string>();
  private constructor(
    readonly now: Date,
    readonly ca: TestCa,
    readonly dns: FakeDns,
    readonly ingress: FakeIngress,
    readonly kube: FakeKubeApi,
    readonly outputs: FleetOutputs,
  ) {}

  static readonly TARGETS: VerifyTargets = {
    clusters: {
      "ada-lovelace": { ingress: { address: "127.0.0.1", address6: "::1" }, etcdSnapshotSchedule: "0 */6 * * *" },
      "louise-michel": { ingress: { address: "127.0.0.1" } },
    },
    tenants: {
      "les-semeurs": {
        cluster: "ada-lovelace",
        state: "active",
        namespace: "les-semeurs",
        hostnames: ["cloud.semeurs.test", "visio.semeurs.test"],
        issuer: `https://${SSO}/realms/les-semeurs`,
        endpoints: [
          { app: "nextcloud", hostname: "cloud.semeurs.test", healthPath: "/status.php" },
          { app: "jitsi", hostname: "visio.semeurs.test", healthPath: "/" },
        ],
        logins: [
          { clientId: "nextcloud", loginUrl: "https://cloud.semeurs.test/login", redirectUri: "https://cloud.semeurs.test/apps/user_oidc/code", pkce: "S256" },
          { clientId: "jitsi", loginUrl: "https://visio.semeurs.test/oidc/auth?state=%7B%7D", redirectUri: "https://visio.semeurs.test/oidc/tokenize", pkce: "none" },
        ],
        backups: { schedule: "0 3 * * *", databases: ["nextcloud-db"], volumes: true },
        claims: ["nextcloud-files"],
      },
      "amap-du-plateau": {
        cluster: "louise-michel",
        state: "active",
        namespace: "amap-du-plateau",
        hostnames: ["cloud.amap.test"],
        issuer: `https://${SSO}/realms/amap-du-plateau`,
        endpoints: [{ app: "nextcloud", hostname: "cloud.amap.test", healthPath: "/status.php" }],
        logins: [{ clientId: "nextcloud", loginUrl: "https://cloud.amap.test/login", redirectUri: "https://cloud.amap.test/apps/user_oidc/code", pkce: "S256" }],
        backups: { schedule: "0 3 * * *", databases: ["nextcloud-db"], volumes: true },
        claims: ["nextcloud-files"],
      },
    },
  };

  static async start(now: Date): Promise<FakeFleet> {
    const ca = new TestCa(now);
    const names = [SSO, ...Object.values(FakeFleet.TARGETS.tenants).flatMap((t) => t.hostnames)];
    const dns = await FakeDns.start();
    const ingress = await FakeIngress.start(ca.server(names, new Date(now.getTime() + 80 * DAY_MS)));
    const kube = await FakeKubeApi.start(ca.server(["localhost"], new Date(now.getTime() + 300 * DAY_MS)), ca.cert);
    const admin = ca.client("system:admin", "system:masters", new Date(now.getTime() + 300 * DAY_MS));
    const kubeconfigs = Object.fromEntries(Object.keys(FakeFleet.TARGETS.clusters).map((c) => [c, kube.kubeconfig(c, ca.cert, admin)]));
    const fleet = new FakeFleet(now, ca, dns, ingress, kube, { verify: FakeFleet.TARGETS, kubeconfigs });
    fleet.reset();
    for (const name of names) ingress.sites.set(name, (path, req) => fleet.answer(name, path, req.headers.cookie));
    return fleet;
  }

  /** How verify reaches these fakes: their resolver, port and CA, and the fleet's `now`. */
  context(): VerifyContext {
    return verifyContext({ resolvers: [this.dns.address], httpsPort: this.ingress.port, ca: [this.ca.cert], now: this.now });
  }

  /** A certificate the ingress serves for `hostname`, valid until `days` from now. */
  certificateFor(hostname: string, days: number): Issued {
    return this.ca.server([hostname], new Date(this.now.getTime() + days * DAY_MS));
  }

  /** Everything healthy: DNS at the ingress, apps up, realms up, fresh backups and snapshots, Ready nodes, Bound claims. */
  reset(): void {
    this.dns.records.clear();
    this.dns.records.set(SSO, { a: ["127.0.0.1"], aaaa: ["::1"] });
    this.apps.clear();
    this.realmsUp.clear();
    for (const [, tenant] of Object.entries(FakeFleet.TARGETS.tenants)) {
      const ingress = FakeFleet.TARGETS.clusters[tenant.cluster]!.ingress;
      for (const hostname of tenant.hostnames) this.dns.records.set(hostname, { a: [ingress.address], aaaa: ingress.address6 === undefined ? [] : [ingress.address6] });
      const realm = tenant.issuer.split("/").pop()!;
      this.realmsUp.add(realm);
      for (const endpoint of tenant.endpoints) {
        const login = tenant.logins.find((l) => new URL(l.loginUrl).hostname === endpoint.hostname);
        this.apps.set(endpoint.hostname, {
          health: 200,
          healthPath: endpoint.healthPath,
          ...(login === undefined
            ? {}
            : {
                login: { clientId: login.clientId, redirectUri: login.redirectUri, pkce: login.pkce === "S256", realm },
                loginPath: new URL(login.loginUrl).pathname + new URL(login.loginUrl).search,
                viaHop: login.clientId === "nextcloud",
              }),
        });
      }
    }
    // Every hostname's certificate: the fallback one, valid 80 days.
    for (const hostname of this.apps.keys()) this.ingress.serveCertificate(hostname, this.certificateFor(hostname, 80));
    this.kube.objects.clear();
    for (const cluster of Object.keys(FakeFleet.TARGETS.clusters)) {
      this.setObject(cluster, "/api/v1/nodes", { kind: "NodeList", items: [node(`${cluster}-control-1`, true), node(`${cluster}-worker-1`, true)] });
    }
    this.setObject("ada-lovelace", "/apis/k3s.cattle.io/v1/etcdsnapshotfiles", { kind: "ETCDSnapshotFileList", items: [this.etcdSnapshot("s3-latest", 2, true), this.etcdSnapshot("s3-older", 8, true)] });
    for (const [, tenant] of Object.entries(FakeFleet.TARGETS.tenants)) {
      const ns = tenant.namespace;
      this.setObject(tenant.cluster, `/apis/postgresql.cnpg.io/v1/namespaces/${ns}/backups`, {
        kind: "BackupList",
        items: [this.databaseBackup(ns, "nextcloud-db-daily-1", 5, "completed"), this.databaseBackup(ns, "nextcloud-db-daily-0", 29, "completed")],
      });
      this.setObject(tenant.cluster, `/apis/k8up.io/v1/namespaces/${ns}/backups`, { kind: "BackupList", items: [this.volumeBackup(ns, "volume-backups-1", 5, "Succeeded")] });
      for (const claim of tenant.claims) this.setObject(tenant.cluster, `/api/v1/namespaces/${ns}/persistentvolumeclaims/${claim}`, pvc(ns, claim, "Bound"));
    }
  }

  setObject(cluster: string, path: string, object: unknown): void {
    this.kube.objects.set(`/${cluster}${path}`, object);
  }

  /** A k3s ETCDSnapshotFile in object storage, taken `hoursAgo`. */
  etcdSnapshot(name: string, hoursAgo: number, ready: boolean): Record<string, unknown> {
    return etcdSnapshot(this.now, name, hoursAgo, ready);
  }

  /** A CloudNativePG Backup of nextcloud-db that stopped `hoursAgo`. */
  databaseBackup(namespace: string, name: string, hoursAgo: number, phase: "completed" | "failed"): Record<string, unknown> {
    return databaseBackup(this.now, namespace, name, hoursAgo, phase);
  }

  /** A k8up Backup that finished `hoursAgo`, with the reason its Completed condition gives. */
  volumeBackup(namespace: string, name: string, hoursAgo: number, reason: "Succeeded" | "Failed"): Record<string, unknown> {
    return volumeBackup(this.now, namespace, name, hoursAgo, reason);
  }

  private answer(host: string, path: string, cookie: string | undefined): FakeAnswer | undefined {
    if (host === SSO) {
      const match = /^\/realms\/([^/]+)\/\.well-known\/openid-configuration$/.exec(path);
      if (match === null) return undefined;
      if (!this.realmsUp.has(match[1]!)) return { status: 503, body: "Service Unavailable" };
      const issuer = `https://${SSO}/realms/${match[1]}`;
      return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ issuer, authorization_endpoint: `${issuer}/protocol/openid-connect/auth`, token_endpoint: `${issuer}/protocol/openid-connect/token` }) };
    }
    const app = this.apps.get(host);
    if (app === undefined) return undefined;
    if (path === app.healthPath) return { status: app.health, body: app.health === 200 ? '{"installed":true}' : "Internal Server Error" };
    const login = app.login;
    if (login === undefined) return undefined;
    if (path === app.loginPath && app.viaHop === true) return { status: 303, headers: { location: "/apps/user_oidc/login/1", "set-cookie": "oc_session=fake; path=/; secure" } };
    if ((path === "/apps/user_oidc/login/1" && app.viaHop === true) || (path === app.loginPath && app.viaHop !== true)) {
      if (app.viaHop === true && !(cookie ?? "").includes("oc_session=fake")) return { status: 400, body: "no session" };
      const to = new URL(`https://${SSO}/realms/${login.realm}/protocol/openid-connect/auth`);
      to.searchParams.set("client_id", login.clientId);
      to.searchParams.set("redirect_uri", login.redirectUri);
      to.searchParams.set("response_type", "code");
      to.searchParams.set("state", "s");
      if (login.pkce) {
        to.searchParams.set("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        to.searchParams.set("code_challenge_method", "S256");
      }
      return { status: 302, headers: { location: to.href } };
    }
    return undefined;
  }

  async close(): Promise<void> {
    await Promise.all([this.dns.close(), this.ingress.close(), this.kube.close()]);
  }
}

/** A k3s ETCDSnapshotFile in object storage, taken `hoursAgo` before `now`. */
export function etcdSnapshot(now: Date, name: string, hoursAgo: number, ready: boolean): Record<string, unknown> {
  const at = new Date(now.getTime() - hoursAgo * HOUR_MS).toISOString();
  return {
    apiVersion: "k3s.cattle.io/v1",
    kind: "ETCDSnapshotFile",
    metadata: { name },
    spec: { snapshotName: `etcd-snapshot-${name}`, nodeName: "s3", location: `s3://jardin-prod-etcd/ada-lovelace/etcd-snapshot-${name}`, s3: { endpoint: "hel1.your-objectstorage.com", bucket: "jardin-prod-etcd", region: "hel1", prefix: "ada-lovelace" } },
    status: { creationTime: at, readyToUse: ready, size: "4096k", ...(ready ? {} : { error: { time: at, message: "failed to upload: access denied" } }) },
  };
}

/** A CloudNativePG Backup of nextcloud-db that stopped `hoursAgo` before `now`. */
export function databaseBackup(now: Date, namespace: string, name: string, hoursAgo: number, phase: "completed" | "failed"): Record<string, unknown> {
  const stoppedAt = new Date(now.getTime() - hoursAgo * HOUR_MS).toISOString();
  return {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Backup",
    metadata: { name, namespace },
    spec: { cluster: { name: "nextcloud-db" }, method: "plugin", pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" } },
    status: { phase, startedAt: new Date(Date.parse(stoppedAt) - 10 * 60_000).toISOString(), stoppedAt, ...(phase === "failed" ? { error: "can't upload: access denied" } : {}) },
  };
}

/** A k8up Backup that finished `hoursAgo` before `now`, with the reason its Completed condition gives. */
export function volumeBackup(now: Date, namespace: string, name: string, hoursAgo: number, reason: "Succeeded" | "Failed"): Record<string, unknown> {
  const at = new Date(now.getTime() - hoursAgo * HOUR_MS).toISOString();
  return {
    apiVersion: "k8up.io/v1",
    kind: "Backup",
    metadata: { name, namespace },
    spec: { podConfigRef: { name: "volume-backups" } },
    status: {
      started: true,
      finished: true,
      conditions: [{ type: "Completed", status: "True", reason, message: reason === "Succeeded" ? "the job has completed" : "restic: repository locked", lastTransitionTime: at, observedGeneration: 1 }],
    },
  };
}

function node(name: string, ready: boolean): Record<string, unknown> {
  return {
    metadata: { name },
    status: { conditions: [{ type: "Ready", status: ready ? "True" : "False", reason: ready ? "KubeletReady" : "KubeletNotReady" }] },
  };
}

function pvc(namespace: string, name: string, phase: string): Record<string, unknown> {
  return { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, namespace }, status: { phase } };
}

export { node, pvc, DAY_MS, HOUR_MS };
