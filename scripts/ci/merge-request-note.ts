// `tsx scripts/ci/merge-request-note.ts FILE MARKER`: posts FILE as a merge request note on GitLab,
// or replaces the note posted before with the same MARKER, so a merge request keeps one note per
// report however often it is pushed. GitHub does the same with a sticky-comment action.
// GitLab API: https://docs.gitlab.com/api/notes/#merge-requests
import { readFileSync } from "node:fs";

export interface NoteTarget {
  /** `$CI_API_V4_URL`, e.g. https://gitlab.example/api/v4 */
  readonly api: string;
  readonly projectId: string;
  readonly mergeRequestIid: string;
  /** A project access token with the `api` scope: the job token cannot write notes. */
  readonly token: string;
}

type Fetch = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** Creates the note, or updates the one whose body starts with `marker`; returns what it did. */
export async function upsertNote(target: NoteTarget, marker: string, body: string, fetchImpl: Fetch = fetch as unknown as Fetch): Promise<"created" | "updated"> {
  const notes = `${target.api}/projects/${encodeURIComponent(target.projectId)}/merge_requests/${target.mergeRequestIid}/notes`;
  const headers = { "PRIVATE-TOKEN": target.token, "Content-Type": "application/json" };
  const text = body.startsWith(marker) ? body : `${marker}\n${body}`;
  const list = await fetchImpl(`${notes}?per_page=100&sort=asc`, { headers });
  if (!list.ok) throw new Error(`GitLab answered ${list.status} listing the merge request's notes`);
  const existing = ((await list.json()) as { id: number; body: string }[]).find((note) => note.body.startsWith(marker));
  const response = await fetchImpl(existing === undefined ? notes : `${notes}/${existing.id}`, {
    method: existing === undefined ? "POST" : "PUT",
    headers,
    body: JSON.stringify({ body: text }),
  });
  if (!response.ok) throw new Error(`GitLab answered ${response.status} writing the note`);
  return existing === undefined ? "created" : "updated";
}

if (require.main === module) {
  const [file, marker] = process.argv.slice(2);
  const env = process.env;
  if (file === undefined || marker === undefined) {
    console.error("usage: tsx scripts/ci/merge-request-note.ts FILE MARKER");
    process.exitCode = 1;
  } else if (!env["JARDIN_GITLAB_TOKEN"]) {
    // Forks and unprotected branches get no token: the report stays in the job log and artifact.
    console.log("no JARDIN_GITLAB_TOKEN: the report is in this job's log and artifacts, not posted");
  } else {
    const target = { api: env["CI_API_V4_URL"]!, projectId: env["CI_PROJECT_ID"]!, mergeRequestIid: env["CI_MERGE_REQUEST_IID"]!, token: env["JARDIN_GITLAB_TOKEN"] };
    upsertNote(target, marker, readFileSync(file, "utf8")).then(
      (done) => console.log(`merge request note ${done}`),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exitCode = 1;
      },
    );
  }
}
