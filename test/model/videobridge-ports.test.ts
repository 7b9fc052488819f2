import { describe, expect, it } from "vitest";
import { VIDEOBRIDGE_PORT_RANGE, videobridgePorts } from "../../model/videobridge-ports";

const jitsi = { jitsi: { maxResolution: 720 as const } };
const tenant = (id: string, cluster = "ada-lovelace", apps: object = jitsi) => ({ id, cluster, apps });

describe("videobridgePorts", () => {
  it("gives each tenant with Jitsi a port in the NodePort range, derived from its id alone", () => {
    const alone = videobridgePorts([tenant("la-fourmiliere")]).get("la-fourmiliere");
    const among = videobridgePorts([tenant("amap"), tenant("la-fourmiliere"), tenant("zeta")]).get("la-fourmiliere");
    expect(alone).toBe(among);
    expect(alone).toBeGreaterThanOrEqual(VIDEOBRIDGE_PORT_RANGE.first);
    expect(alone).toBeLessThanOrEqual(VIDEOBRIDGE_PORT_RANGE.last);
  });

  it("skips tenants without Jitsi", () => {
    expect([...videobridgePorts([tenant("a", "c", {}), tenant("b")]).keys()]).toEqual(["b"]);
  });

  it("never gives two tenants of one cluster the same port, even among thousands of ids", () => {
    const tenants = Array.from({ length: 2500 }, (_, i) => tenant(`org-${i}`));
    const ports = videobridgePorts(tenants);
    expect(new Set(ports.values()).size).toBe(2500);
  });

  it("resolves a collision by moving the later id to the next free port, and leaves the first one", () => {
    // Find two ids that prefer the same port: with 2768 ports, a few thousand ids have collisions.
    const single = (id: string) => videobridgePorts([tenant(id)]).get(id)!;
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const id = `org-${i}`;
      const other = seen.get(single(id));
      if (other !== undefined) pair = [other, id];
      else seen.set(single(id), id);
    }
    const [first, second] = [...pair].sort() as [string, string];
    const ports = videobridgePorts([tenant(second), tenant(first)]);
    expect(ports.get(first)).toBe(single(first));
    expect(ports.get(second)).toBe(single(first) + 1);
  });
});
