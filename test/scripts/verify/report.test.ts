import { describe, expect, it } from "vitest";
import { formatReport } from "../../../scripts/verify/report";
import { ok, problem } from "../../../scripts/verify/result";

const results = [
  ok("les-semeurs", "dns cloud.semeurs.example", "A 203.0.113.80"),
  problem("fail", "les-semeurs", "volume backup", "last success 50 h ago", "kubectl -n les-semeurs get backups.k8up.io"),
  problem("warn", "cluster ada-lovelace", "etcd snapshots", "a newer run failed", "see | the logs"),
];

describe("verify's report", () => {
  it("prints a table, problems first, one line per tenant and check, with what to do, and the totals", () => {
    expect(formatReport(results, "table")).toBe(
      [
        "TENANT                CHECK                      STATUS  SEEN                   WHAT TO DO",
        "les-semeurs           volume backup              fail    last success 50 h ago  kubectl -n les-semeurs get backups.k8up.io",
        "cluster ada-lovelace  etcd snapshots             warn    a newer run failed     see | the logs",
        "les-semeurs           dns cloud.semeurs.example  ok      A 203.0.113.80",
        "3 checks: 1 ok, 1 warn, 1 fail",
        "",
      ].join("\n"),
    );
  });

  it("gives machines JSON with the counts, and CI a markdown table", () => {
    expect(JSON.parse(formatReport(results, "json"))).toEqual({ counts: { ok: 1, warn: 1, fail: 1 }, results: [results[1], results[2], results[0]] });
    const markdown = formatReport(results, "markdown");
    expect(markdown).toContain("### jardin verify: 3 checks: 1 ok, 1 warn, 1 fail");
    expect(markdown).toContain("| cluster ada-lovelace | etcd snapshots | **warn** | a newer run failed | see \\| the logs |");
  });
});
