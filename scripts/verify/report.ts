import type { CheckResult, Status } from "./result";

/** How the report is printed: a table for people, JSON for machines, markdown for a CI summary. */
export type Format = "table" | "json" | "markdown";

const ORDER: Record<Status, number> = { fail: 0, warn: 1, ok: 2 };

/** Problems first, then by subject and check: what needs doing is at the top. */
function sorted(results: readonly CheckResult[]): CheckResult[] {
  return [...results].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.subject.localeCompare(b.subject) || a.check.localeCompare(b.check));
}

export function counts(results: readonly CheckResult[]): Record<Status, number> {
  const count = (status: Status) => results.filter((r) => r.status === status).length;
  return { ok: count("ok"), warn: count("warn"), fail: count("fail") };
}

function totals(results: readonly CheckResult[]): string {
  const c = counts(results);
  return `${results.length} checks: ${c.ok} ok, ${c.warn} warn, ${c.fail} fail`;
}

export function formatReport(results: readonly CheckResult[], format: Format): string {
  const rows = sorted(results);
  if (format === "json") return `${JSON.stringify({ counts: counts(results), results: rows }, null, 2)}\n`;
  if (format === "markdown") {
    const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
    const lines = rows.map((r) => `| ${cell(r.subject)} | ${cell(r.check)} | ${r.status === "ok" ? "ok" : `**${r.status}**`} | ${cell(r.detail)} | ${cell(r.remedy)} |`);
    return [`### jardin verify: ${totals(results)}`, "", "| tenant | check | status | seen | what to do |", "| --- | --- | --- | --- | --- |", ...lines, ""].join("\n");
  }
  const header = ["TENANT", "CHECK", "STATUS", "SEEN", "WHAT TO DO"];
  const table = [header, ...rows.map((r) => [r.subject, r.check, r.status, r.detail, r.remedy])];
  // The last column is left unpadded: remedies are long, and a terminal wraps them anyway.
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd());
  return `${lines.join("\n")}\n${totals(results)}\n`;
}
