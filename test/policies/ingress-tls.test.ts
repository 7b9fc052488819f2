import { describe, expect, it } from "vitest";
import { ingressTls } from "../../policies/ingress-tls";
import { plannedResource, violationsOf } from "../helpers/policies";

const ingress = (spec: Record<string, unknown>) =>
  plannedResource("kubernetes:networking.k8s.io/v1:Ingress", { metadata: { name: "nextcloud", namespace: "les-semeurs" }, spec });
const rule = (host: string) => ({ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "nextcloud", port: { number: 80 } } } }] } });
const compliant = {
  ingressClassName: "traefik",
  tls: [{ hosts: ["cloud.semeurs.example", "office.semeurs.example"], secretName: "les-semeurs-tls" }],
  rules: [rule("cloud.semeurs.example"), rule("office.semeurs.example")],
};

describe("policy ingress-tls", () => {
  it("passes an Ingress whose TLS covers every host, exactly or by wildcard", async () => {
    expect(await violationsOf(ingressTls, ingress(compliant))).toEqual([]);
    expect(await violationsOf(ingressTls, ingress({ ...compliant, tls: [{ hosts: ["*.semeurs.example"], secretName: "wild" }] }))).toEqual([]);
  });

  it("stops a host served without TLS", async () => {
    expect(await violationsOf(ingressTls, ingress({ ...compliant, tls: [{ hosts: ["cloud.semeurs.example"], secretName: "t" }] }))).toEqual([
      "Ingress les-semeurs/nextcloud: host office.semeurs.example is served without TLS; add it to spec.tls[].hosts with its certificate's secretName",
    ]);
  });

  it("stops an Ingress without any TLS", async () => {
    const { tls: _tls, ...plain } = compliant;
    expect(await violationsOf(ingressTls, ingress(plain))).toHaveLength(2);
  });

  it("stops a rule without a host", async () => {
    const { host: _host, ...anyHost } = rule("x");
    expect(await violationsOf(ingressTls, ingress({ ...compliant, rules: [...compliant.rules, anyHost] }))).toEqual([
      "Ingress les-semeurs/nextcloud: spec.rules[2] has no host, so it answers any name without a certificate; set its host and list it in spec.tls",
    ]);
  });

  it("stops an Ingress answering for any host", async () => {
    expect(await violationsOf(ingressTls, ingress({ defaultBackend: { service: { name: "x", port: { number: 80 } } } }))).toEqual([
      "Ingress les-semeurs/nextcloud serves requests for any host (no rules); give each rule a host and list it in spec.tls",
    ]);
  });
});
