import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../scripts/verify";
import { parseVerifyArgs } from "../../../scripts/verify/cli";
import { FakeFleet } from "./fakes/fleet";

let fleet: FakeFleet;
let dir: string;
beforeAll(async () => {
  fleet = await FakeFleet.start(new Date());
  dir = mkdtempSync(join(tmpdir(), "jardin-verify-"));
  // What `pulumi stack output --json --show-secrets` prints: every output, verify reads two.
  writeFileSync(join(dir, "outputs.json"), JSON.stringify({ ...fleet.outputs, nameservers: ["hydrogen.ns.hetzner.com"], byHand: {} }));
  writeFileSync(join(dir, "ca.pem"), fleet.ca.cert);
});
afterAll(() => fleet.close());

/** `npm run verify -- <args>` against the fake fleet: its exit code and what it printed. */
async function verify(...args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await main(["--outputs", join(dir, "outputs.json"), "--resolver", fleet.dns.address, "--ca", join(dir, "ca.pem"), ...args], (t) => (out += t), {
    httpsPort: fleet.ingress.port,
  });
  return { code, out };
}

describe("npm run verify", () => {
  it("exits 0 on the healthy fleet, prints JSON for machines and appends a markdown summary", async () => {
    fleet.reset();
    const summary = join(dir, "summary.md");
    const { code, out } = await verify("--format", "json", "--summary", summary);
    expect(code).toBe(0);
    expect(JSON.parse(out).counts).toEqual({ ok: 23, warn: 0, fail: 0 });
    expect(readFileSync(summary, "utf8")).toContain("### jardin verify: 23 checks: 23 ok, 0 warn, 0 fail");
  });

  it("exits 1 on a failure, its line at the top of the table with what to do", async () => {
    fleet.reset();
    fleet.apps.get("visio.semeurs.test")!.health = 502;
    const { code, out } = await verify();
    expect(code).toBe(1);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^TENANT\s+CHECK\s+STATUS\s+SEEN\s+WHAT TO DO$/);
    expect(lines[1]).toMatch(/^les-semeurs\s+health visio\.semeurs\.test\/\s+fail\s+HTTP 502\s+look at the jitsi pods/);
    expect(lines.at(-2)).toBe("23 checks: 22 ok, 0 warn, 1 fail");
  });

  it("exits 0 on warnings alone", async () => {
    fleet.reset();
    fleet.ingress.serveCertificate("cloud.amap.test", fleet.certificateFor("cloud.amap.test", 20));
    expect((await verify("--format", "json")).code).toBe(0);
  });

  it("prints its options with --help, and exits 2 on a bad option", async () => {
    let out = "";
    expect(await main(["--help"], (t) => (out += t))).toBe(0);
    expect(out).toContain("--outputs FILE");
    expect(await main(["--format", "yaml"], () => undefined)).toBe(2);
  });
});

describe("verify's options", () => {
  it("refuses a format it does not print and a resolver that is not an address", () => {
    expect(() => parseVerifyArgs(["--format", "yaml"])).toThrow("--format yaml: use table, json or markdown");
    expect(() => parseVerifyArgs(["--resolver", "dns.example"])).toThrow("--resolver dns.example: give an IP address, with :PORT if not 53");
    expect(() => parseVerifyArgs(["--tenant", "x"])).toThrow("Unknown option '--tenant'");
  });

  it("reads the prod stack by default, several resolvers in order", () => {
    expect(parseVerifyArgs(["--resolver", "9.9.9.9", "--resolver", "[2620:fe::fe]:53"])).toEqual({ help: false, stack: "prod", resolvers: ["9.9.9.9", "[2620:fe::fe]:53"], format: "table" });
  });
});
