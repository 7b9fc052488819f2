import { describe, expect, it } from "vitest";
import { euOnly } from "../../policies/eu-only";
import { plannedResource, violationsOf } from "../helpers/policies";

const server = (inputs: Record<string, unknown>) =>
  plannedResource("hcloud:index/server:Server", { serverType: "cpx42", image: "debian-13", location: "fsn1", ...inputs });

describe("policy eu-only", () => {
  it("passes a server in Falkenstein, a subnet in eu-central and a floating IP homed in Helsinki", async () => {
    expect(await violationsOf(euOnly, server({}))).toEqual([]);
    expect(await violationsOf(euOnly, plannedResource("hcloud:index/networkSubnet:NetworkSubnet", { networkZone: "eu-central" }))).toEqual([]);
    expect(await violationsOf(euOnly, plannedResource("hcloud:index/floatingIp:FloatingIp", { homeLocation: "hel1" }))).toEqual([]);
  });

  it("stops a server in Ashburn", async () => {
    expect(await violationsOf(euOnly, server({ location: "ash" }))).toEqual(['location "ash" is outside the EU; use fsn1, nbg1, hel1']);
  });

  it("stops a load balancer in the us-west network zone", async () => {
    expect(await violationsOf(euOnly, plannedResource("hcloud:index/loadBalancer:LoadBalancer", { networkZone: "us-west" }))).toEqual([
      'networkZone "us-west" is outside the EU; use eu-central',
    ]);
  });

  it("stops a floating IP homed in Singapore", async () => {
    expect(await violationsOf(euOnly, plannedResource("hcloud:index/floatingIp:FloatingIp", { homeLocation: "sin" }))).toEqual([
      'homeLocation "sin" is outside the EU; use fsn1, nbg1, hel1',
    ]);
  });

  it("leaves resources of other providers alone", async () => {
    expect(await violationsOf(euOnly, plannedResource("kubernetes:core/v1:ConfigMap", { location: "ash" }))).toEqual([]);
  });
});
