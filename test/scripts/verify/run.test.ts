import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CheckResult } from "../../../scripts/verify/result";
import { verifyFleet } from "../../../scripts/verify/run";
import { FakeFleet, node, pvc } from "./fakes/fleet";

let fleet: FakeFleet;
beforeAll(async () => {
  fleet = await FakeFleet.start(new Date());
});
afterAll(() => fleet.close());
beforeEach(() => fleet.reset());

const run = () => verifyFleet(fleet.outputs, fleet.context());
/** What is not ok, as `subject | check | status`, sorted. */
const problems = (results: readonly CheckResult[]) =>
  results
    .filter((r) => r.status !== "ok")
    .map((r) => `${r.subject} | ${r.check} | ${r.status}`)
    .sort();
const line = (results: readonly CheckResult[], subject: string, check: string) => {
  const found = results.find((r) => r.subject === subject && r.check === check);
  if (found === undefined) throw new Error(`no line ${subject} | ${check}; have ${results.map((r) => `${r.subject} | ${r.check}`).join(", ")}`);
  return found;
};

describe("npm run verify against a healthy fake fleet", () => {
  it("passes every check of every cluster and tenant the outputs name, and only those", async () => {
    const results = await run();
    expect(problems(results)).toEqual([]);
    expect(results.map((r) => `${r.subject} | ${r.check}`).sort()).toEqual(
      [
        "cluster ada-lovelace | nodes",
        "cluster ada-lovelace | etcd snapshots",
        "cluster louise-michel | nodes",
        "les-semeurs | dns cloud.semeurs.test",
        "les-semeurs | dns visio.semeurs.test",
        "les-semeurs | certificate cloud.semeurs.test",
        "les-semeurs | certificate visio.semeurs.test",
        "les-semeurs | health cloud.semeurs.test/status.php",
        "les-semeurs | health visio.semeurs.test/",
        "les-semeurs | oidc discovery",
        "les-semeurs | login nextcloud",
        "les-semeurs | login jitsi",
        "les-semeurs | database backup nextcloud-db",
        "les-semeurs | volume backup",
        "les-semeurs | claim nextcloud-files",
        "amap-du-plateau | dns cloud.amap.test",
        "amap-du-plateau | certificate cloud.amap.test",
        "amap-du-plateau | health cloud.amap.test/status.php",
        "amap-du-plateau | oidc discovery",
        "amap-du-plateau | login nextcloud",
        "amap-du-plateau | database backup nextcloud-db",
        "amap-du-plateau | volume backup",
        "amap-du-plateau | claim nextcloud-files",
      ].sort(),
    );
    expect(line(results, "les-semeurs", "dns visio.semeurs.test").detail).toBe("A 127.0.0.1, AAAA ::1");
    // An ingress without IPv6 (an adopted one) wants no AAAA at all.
    expect(line(results, "amap-du-plateau", "dns cloud.amap.test").detail).toBe("A 127.0.0.1");
    expect(line(results, "les-semeurs", "login nextcloud").detail).toBe("to the realm with client_id nextcloud, its redirect URI and PKCE S256");
    expect(line(results, "cluster ada-lovelace", "nodes").detail).toBe("2 Ready");
    // Through the API of each cluster: what verify read, under each cluster's own path.
    expect(fleet.kube.requests).toContain("/ada-lovelace/apis/k3s.cattle.io/v1/etcdsnapshotfiles");
    expect(fleet.kube.requests).toContain("/louise-michel/api/v1/namespaces/amap-du-plateau/persistentvolumeclaims/nextcloud-files");
  });
});

describe("npm run verify reports each seeded failure with what to do", () => {
  it("a hostname whose A record points elsewhere: DNS fails with the record to set, and nothing answers there", async () => {
    fleet.dns.records.set("cloud.semeurs.test", { a: ["127.0.0.2"], aaaa: ["::1"] });
    const results = await run();
    expect(problems(results)).toEqual([
      "les-semeurs | certificate cloud.semeurs.test | fail",
      "les-semeurs | dns cloud.semeurs.test | fail",
      "les-semeurs | health cloud.semeurs.test/status.php | fail",
      "les-semeurs | login nextcloud | fail",
    ]);
    expect(line(results, "les-semeurs", "dns cloud.semeurs.test")).toMatchObject({
      detail: "A 127.0.0.2 (the ingress is 127.0.0.1 and ::1)",
      remedy: expect.stringContaining("set A cloud.semeurs.test → 127.0.0.1"),
    });
  });

  it("a hostname without its AAAA record", async () => {
    fleet.dns.records.set("visio.semeurs.test", { a: ["127.0.0.1"], aaaa: [] });
    const results = await run();
    expect(problems(results)).toEqual(["les-semeurs | dns visio.semeurs.test | fail"]);
    expect(line(results, "les-semeurs", "dns visio.semeurs.test")).toMatchObject({ detail: "no AAAA record (the ingress is 127.0.0.1 and ::1)", remedy: expect.stringContaining("AAAA visio.semeurs.test → ::1") });
  });

  it("an AAAA record on a cluster whose ingress has no IPv6 address", async () => {
    fleet.dns.records.set("cloud.amap.test", { a: ["127.0.0.1"], aaaa: ["2001:db8::99"] });
    const results = await run();
    expect(problems(results)).toEqual(["amap-du-plateau | dns cloud.amap.test | fail"]);
    expect(line(results, "amap-du-plateau", "dns cloud.amap.test").remedy).toContain("no AAAA for cloud.amap.test");
  });

  it("a certificate expiring in fewer than 14 days fails; one cert-manager should have renewed warns", async () => {
    fleet.ingress.serveCertificate("visio.semeurs.test", fleet.certificateFor("visio.semeurs.test", 10));
    fleet.ingress.serveCertificate("cloud.amap.test", fleet.certificateFor("cloud.amap.test", 20));
    const results = await run();
    expect(problems(results)).toEqual(["amap-du-plateau | certificate cloud.amap.test | warn", "les-semeurs | certificate visio.semeurs.test | fail"]);
    expect(line(results, "les-semeurs", "certificate visio.semeurs.test")).toMatchObject({ detail: expect.stringMatching(/^expires in (9|10) days/), remedy: expect.stringContaining("describe certificate") });
  });

  it("a certificate for another name is not trusted", async () => {
    fleet.ingress.serveCertificate("cloud.amap.test", fleet.certificateFor("other.amap.test", 80));
    const results = await run();
    // The browser's login start is refused on that name too.
    expect(problems(results)).toEqual(["amap-du-plateau | certificate cloud.amap.test | fail", "amap-du-plateau | health cloud.amap.test/status.php | fail", "amap-du-plateau | login nextcloud | fail"]);
    expect(line(results, "amap-du-plateau", "certificate cloud.amap.test").detail).toContain("not trusted: ERR_TLS_CERT_ALTNAME_INVALID");
  });

  it("a health path answering 500", async () => {
    fleet.apps.get("cloud.semeurs.test")!.health = 500;
    const results = await run();
    expect(problems(results)).toEqual(["les-semeurs | health cloud.semeurs.test/status.php | fail"]);
    expect(line(results, "les-semeurs", "health cloud.semeurs.test/status.php")).toMatchObject({ detail: "HTTP 500", remedy: expect.stringContaining("kubectl -n les-semeurs get pods -l app.kubernetes.io/name=nextcloud") });
  });

  it("a realm's discovery down: its logins are not started", async () => {
    fleet.realmsUp.delete("les-semeurs");
    const results = await run();
    expect(problems(results)).toEqual(["les-semeurs | login jitsi | fail", "les-semeurs | login nextcloud | fail", "les-semeurs | oidc discovery | fail"]);
    expect(line(results, "les-semeurs", "oidc discovery")).toMatchObject({ detail: "HTTP 503 from https://sso.jardin.test/realms/les-semeurs/.well-known/openid-configuration", remedy: expect.stringContaining("Keycloak") });
    expect(line(results, "les-semeurs", "login jitsi").detail).toBe("not started: the realm's discovery did not answer");
  });

  it("a login without the PKCE challenge its client requires", async () => {
    fleet.apps.get("cloud.semeurs.test")!.login!.pkce = false;
    const results = await run();
    expect(problems(results)).toEqual(["les-semeurs | login nextcloud | fail"]);
    expect(line(results, "les-semeurs", "login nextcloud")).toMatchObject({
      detail: "Keycloak will refuse it: no PKCE S256 challenge, which the client requires",
      remedy: expect.stringContaining("test/contracts/apps/"),
    });
  });

  it("a login with another client id", async () => {
    fleet.apps.get("visio.semeurs.test")!.login!.clientId = "meet";
    const results = await run();
    expect(problems(results)).toEqual(["les-semeurs | login jitsi | fail"]);
    expect(line(results, "les-semeurs", "login jitsi").detail).toBe('Keycloak will refuse it: client_id "meet", the realm\'s client is "jitsi"');
  });

  it("a login with another redirect URI", async () => {
    fleet.apps.get("cloud.amap.test")!.login!.redirectUri = "https://cloud.amap.test/index.php/apps/user_oidc/code";
    const results = await run();
    expect(problems(results)).toEqual(["amap-du-plateau | login nextcloud | fail"]);
    expect(line(results, "amap-du-plateau", "login nextcloud").detail).toBe(
      'Keycloak will refuse it: redirect_uri "https://cloud.amap.test/index.php/apps/user_oidc/code", the client accepts https://cloud.amap.test/apps/user_oidc/code only',
    );
  });

  it("a login sent to another realm", async () => {
    fleet.apps.get("cloud.amap.test")!.login!.realm = "les-semeurs";
    const results = await run();
    expect(problems(results)).toEqual(["amap-du-plateau | login nextcloud | fail"]);
    expect(line(results, "amap-du-plateau", "login nextcloud").detail).toContain("not the realm's https://sso.jardin.test/realms/amap-du-plateau/protocol/openid-connect/auth");
  });

  it("a stale database backup: the daily schedule allows 30 hours", async () => {
    fleet.setObject("ada-lovelace", "/apis/postgresql.cnpg.io/v1/namespaces/les-semeurs/backups", { items: [fleet.databaseBackup("les-semeurs", "nextcloud-db-daily-0", 72, "completed")] });
    const results = await run();
    expect(problems(results)).toEqual(["les-semeurs | database backup nextcloud-db | fail"]);
    expect(line(results, "les-semeurs", "database backup nextcloud-db")).toMatchObject({
      detail: expect.stringMatching(/72 h ago; schedule "0 3 \* \* \*" allows 30 h$/),
      remedy: expect.stringContaining("kubectl -n les-semeurs get backups.postgresql.cnpg.io"),
    });
  });

  it("a database whose newest backup failed while the last success is still fresh warns, with the error", async () => {
    fleet.setObject("louise-michel", "/apis/postgresql.cnpg.io/v1/namespaces/amap-du-plateau/backups", {
      items: [fleet.databaseBackup("amap-du-plateau", "nextcloud-db-daily-2", 1, "failed"), fleet.databaseBackup("amap-du-plateau", "nextcloud-db-daily-1", 20, "completed")],
    });
    const results = await run();
    expect(problems(results)).toEqual(["amap-du-plateau | database backup nextcloud-db | warn"]);
    expect(line(results, "amap-du-plateau", "database backup nextcloud-db").detail).toContain("but a newer run failed: nextcloud-db-daily-2: can't upload: access denied");
  });

  it("a database that never had a backup", async () => {
    fleet.setObject("louise-michel", "/apis/postgresql.cnpg.io/v1/namespaces/amap-du-plateau/backups", { items: [] });
    const results = await run();
    expect(problems(results)).toEqual(["amap-du-plateau | database backup nextcloud-db | fail"]);
    expect(line(results, "amap-du-plateau", "database backup nextcloud-db").detail).toBe('none has succeeded (schedule "0 3 * * *")');
  });

  it("a stale volume backup, its newer runs failed", async () => {
    fleet.setObject("ada-lovelace", "/apis/k8up.io/v1/namespaces/les-semeurs/backups", {
      items: [fleet.volumeBackup("les-semeurs", "volume-backups-2", 3, "Failed"), fleet.volumeBackup("les-semeurs", "volume-backups-1", 50, "Succeeded")],
    });
    const results = await run();
    expect(problems(results)).toEqual(["les-semeurs | volume backup | fail"]);
    expect(line(results, "les-semeurs", "volume backup")).toMatchObject({
      detail: expect.stringMatching(/50 h ago; schedule "0 3 \* \* \*" allows 30 h: volume-backups-2: restic: repository locked$/),
      remedy: expect.stringContaining("kubectl -n les-semeurs get backups.k8up.io"),
    });
  });

  it("a stale etcd snapshot: the 6-hourly schedule allows 7.5 hours", async () => {
    fleet.setObject("ada-lovelace", "/apis/k3s.cattle.io/v1/etcdsnapshotfiles", { items: [fleet.etcdSnapshot("s3-old", 20, true)] });
    const results = await run();
    expect(problems(results)).toEqual(["cluster ada-lovelace | etcd snapshots | fail"]);
    expect(line(results, "cluster ada-lovelace", "etcd snapshots")).toMatchObject({ detail: expect.stringContaining("allows 7.5 h"), remedy: expect.stringContaining("kubectl get etcdsnapshotfiles") });
  });

  it("an etcd snapshot on a server's disk only does not count", async () => {
    const local = { ...fleet.etcdSnapshot("local", 1, true), spec: { snapshotName: "etcd-snapshot-local", nodeName: "ada-lovelace-control-1", location: "file:///var/lib/rancher/k3s/server/db/snapshots/etcd-snapshot-local" } };
    fleet.setObject("ada-lovelace", "/apis/k3s.cattle.io/v1/etcdsnapshotfiles", { items: [local] });
    const results = await run();
    expect(problems(results)).toEqual(["cluster ada-lovelace | etcd snapshots | fail"]);
    expect(line(results, "cluster ada-lovelace", "etcd snapshots").detail).toBe('none has succeeded (schedule "0 */6 * * *")');
  });

  it("a node not Ready", async () => {
    fleet.setObject("louise-michel", "/api/v1/nodes", { items: [node("louise-michel-control-1", true), node("louise-michel-worker-2", false)] });
    const results = await run();
    expect(problems(results)).toEqual(["cluster louise-michel | nodes | fail"]);
    expect(line(results, "cluster louise-michel", "nodes")).toMatchObject({ detail: "not Ready: louise-michel-worker-2 (KubeletNotReady)", remedy: expect.stringContaining("kubectl describe node") });
  });

  it("a protected claim Pending, and one deleted", async () => {
    fleet.setObject("ada-lovelace", "/api/v1/namespaces/les-semeurs/persistentvolumeclaims/nextcloud-files", pvc("les-semeurs", "nextcloud-files", "Pending"));
    fleet.kube.objects.delete("/louise-michel/api/v1/namespaces/amap-du-plateau/persistentvolumeclaims/nextcloud-files");
    const results = await run();
    expect(problems(results)).toEqual(["amap-du-plateau | claim nextcloud-files | fail", "les-semeurs | claim nextcloud-files | fail"]);
    expect(line(results, "les-semeurs", "claim nextcloud-files")).toMatchObject({ detail: "Pending", remedy: expect.stringContaining("kubectl -n les-semeurs describe pvc nextcloud-files") });
    expect(line(results, "amap-du-plateau", "claim nextcloud-files")).toMatchObject({ detail: "no such claim", remedy: expect.stringContaining("restore its data from the volume backups") });
  });

  it("a cluster whose API refuses the kubeconfig: every check through it fails, naming the API", async () => {
    const outputs = { ...fleet.outputs, kubeconfigs: { ...fleet.outputs.kubeconfigs, "louise-michel": fleet.kube.kubeconfig("louise-michel", fleet.ca.cert, fleet.ca.client("intruder", "nobody", new Date(Date.now() + 86_400_000))) } };
    const results = await verifyFleet(outputs, fleet.context());
    expect(problems(results)).toEqual([
      "amap-du-plateau | claim nextcloud-files | fail",
      "amap-du-plateau | database backup nextcloud-db | fail",
      "amap-du-plateau | volume backup | fail",
      "cluster louise-michel | api | fail",
    ]);
    expect(line(results, "cluster louise-michel", "api").detail).toContain("HTTP 403");
  });
});
