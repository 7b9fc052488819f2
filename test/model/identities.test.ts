import { describe, expect, it } from "vitest";
import { GUARDED_RESOURCES, guardedResource } from "../../model/identities";
import { isStatefulType } from "../../model/stateful";
import { prodPlan } from "../helpers/gate";

describe("identities and control planes, guarded", () => {
  it("every protected resource of the plan holds data or is described as guarded, with what it loses", async () => {
    const { snapshot } = await prodPlan();
    const unexplained = snapshot.resources.filter((r) => r.protect && !isStatefulType(r.type) && guardedResource(r) === undefined).map((r) => `${r.type} ${r.name}`);
    expect(unexplained).toEqual([]);
  });

  it("the program protects every identity the table names, and each entry names something the program makes", async () => {
    const { snapshot } = await prodPlan();
    const identities = snapshot.resources.filter((r) => r.type !== "hcloud:index/server:Server" && guardedResource(r) !== undefined);
    expect(identities.filter((r) => !r.protect).map((r) => r.name)).toEqual([]);
    expect(GUARDED_RESOURCES.filter((g) => !snapshot.resources.some((r) => guardedResource(r) === g)).map((g) => g.nameEnds)).toEqual([]);
    expect(identities.map((r) => r.name).sort()).toEqual([
      "ada-lovelace-agent-token",
      "ada-lovelace-client-ca",
      "ada-lovelace-client-ca-key",
      "ada-lovelace-etcd-peer-ca",
      "ada-lovelace-etcd-peer-ca-key",
      "ada-lovelace-etcd-server-ca",
      "ada-lovelace-etcd-server-ca-key",
      "ada-lovelace-k8s",
      "ada-lovelace-request-header-ca",
      "ada-lovelace-request-header-ca-key",
      "ada-lovelace-server-ca",
      "ada-lovelace-server-ca-key",
      "ada-lovelace-service-account-key",
      "ada-lovelace-token",
      "amap-du-plateau-exports-password",
      "amap-du-plateau-volume-backups-password",
      "fede-educpop-exports-password",
      "fede-educpop-matrix-signing-key-id",
      "fede-educpop-matrix-signing-seed",
      "fede-educpop-volume-backups-password",
      "la-fourmiliere-exports-password",
      "la-fourmiliere-matrix-signing-key-id",
      "la-fourmiliere-matrix-signing-seed",
      "la-fourmiliere-volume-backups-password",
      "louise-michel-k8s",
      "sante-solidaire-exports-password",
      "sante-solidaire-volume-backups-password",
    ]);
  });
});
