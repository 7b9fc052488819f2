import { describe, expect, it } from "vitest";
import { upsertNote } from "../../../scripts/ci/merge-request-note";

const target = { api: "https://gitlab.example/api/v4", projectId: "jardin/jardin", mergeRequestIid: "7", token: "t" };
const NOTES = "https://gitlab.example/api/v4/projects/jardin%2Fjardin/merge_requests/7/notes";

/** A fake GitLab holding `notes`, recording every request. */
function gitlab(notes: { id: number; body: string }[]) {
  const calls: { url: string; method: string; body?: unknown }[] = [];
  const fetchImpl = async (url: string, init: { method?: string; body?: string } = {}) => {
    calls.push({ url, method: init.method ?? "GET", ...(init.body === undefined ? {} : { body: JSON.parse(init.body) }) });
    return { ok: true, status: 200, json: async () => notes };
  };
  return { calls, fetchImpl };
}

describe("the merge request note", () => {
  it("is created with its marker the first time", async () => {
    const { calls, fetchImpl } = gitlab([{ id: 1, body: "LGTM" }]);
    expect(await upsertNote(target, "<!-- jardin-plan -->", "### plan", fetchImpl)).toBe("created");
    expect(calls).toEqual([
      { url: `${NOTES}?per_page=100&sort=asc`, method: "GET" },
      { url: NOTES, method: "POST", body: { body: "<!-- jardin-plan -->\n### plan" } },
    ]);
  });

  it("replaces the note it posted before instead of adding another", async () => {
    const { calls, fetchImpl } = gitlab([{ id: 1, body: "LGTM" }, { id: 9, body: "<!-- jardin-plan -->\nold" }]);
    expect(await upsertNote(target, "<!-- jardin-plan -->", "<!-- jardin-plan -->\nnew", fetchImpl)).toBe("updated");
    expect(calls.at(-1)).toEqual({ url: `${NOTES}/9`, method: "PUT", body: { body: "<!-- jardin-plan -->\nnew" } });
  });
});
