import { describe, expect, it } from "vitest";
import type { Snapshot } from "../../../../scripts/plan/snapshot";
import { baselineTenant, exampleTenantFiles, exampleTenantText } from "../../../helpers/declarations";
import { changed, judge, judgePlans, planWithFleet, refusals, withInput } from "../../../helpers/gate";
import { planWithTenants } from "../../../helpers/plan";

const CONFIG = "kubernetes:core/v1:ConfigMap";

describe("the Matrix server name, held against its whole history", () => {
  it("refuses server_name changed inside Synapse's own config, and the annotation changed alone", async () => {
    const homeserver = (base: Snapshot) =>
      changed(base, CONFIG, "la-fourmiliere-matrix-config", (r) => {
        const data = r.inputs["data"] as Record<string, string>;
        const config = JSON.parse(data["homeserver.yaml"]!) as Record<string, unknown>;
        return withInput(r, "data", { ...data, "homeserver.yaml": JSON.stringify({ ...config, server_name: "chat.lafourmiliere.example" }) });
      });
    expect(refusals((await judge(homeserver)).findings)).toEqual([
      'REFUSED: tenant la-fourmiliere: kubernetes:core/v1:ConfigMap la-fourmiliere-matrix-config changes the Matrix server name (homeserver.yaml server_name) from "lafourmiliere.example", as the base holds it, to "chat.lafourmiliere.example": every account and room id carries the old one; ' +
        'set apps.matrix.serverName: "lafourmiliere.example" back in tenants/la-fourmiliere.ts; a new name is a new Matrix server, its members starting over',
    ]);
    const annotation = (base: Snapshot) =>
      changed(base, "kubernetes:apps/v1:Deployment", "la-fourmiliere-matrix-synapse", (r) =>
        withInput(r, "metadata.annotations", { "jardin/matrix-server-name": "chat.lafourmiliere.example" }),
      );
    expect((await judge(annotation)).findings.map((f) => [f.verdict, f.resource.name])).toEqual([["refused", "la-fourmiliere-matrix-synapse"]]);
  });

  it("refuses an entry of the fleet's record removed or changed: it only grows", async () => {
    const head = await planWithFleet((fleet) => {
      fleet.matrixServerNames = { "la-fourmiliere": "lafourmiliere.example" };
    });
    expect(refusals(await judgePlans(head))).toEqual([
      'REFUSED: fleet: fleet record matrixServerNames.fede-educpop is removed: the record holds "matrix.educpop.example", the Matrix server name of "fede-educpop" for good; put matrixServerNames: { "fede-educpop": "matrix.educpop.example" } back in the fleet file; the record only grows',
    ]);
  });

  it("refuses a tenant brought back under another server name after its file was removed: the record outlives it", async () => {
    const { ["la-fourmiliere.ts"]: fourmiliere, ...others } = exampleTenantFiles();
    expect(fourmiliere).toBeDefined();
    const gone = await planWithTenants(others);
    // Back with another name: the validation refuses it against the record, before anything is registered.
    const renamed = exampleTenantText("la-fourmiliere").replace('serverName: "lafourmiliere.example"', 'serverName: "chat.lafourmiliere.example"');
    await expect(planWithTenants({ ...others, "la-fourmiliere.ts": renamed })).rejects.toThrow(
      '/la-fourmiliere.ts: apps.matrix.serverName: "chat.lafourmiliere.example" is not "lafourmiliere.example", the Matrix server name stacks/prod.ts records for "la-fourmiliere" (matrixServerNames)',
    );
    // And the record edited in the same pull request to let it through: the gate holds the base's record.
    const both = await planWithFleet((fleet) => {
      fleet.matrixServerNames = { ...fleet.matrixServerNames, "la-fourmiliere": "chat.lafourmiliere.example" };
    }, { ...others, "la-fourmiliere.ts": renamed });
    const findings = await judgePlans(both, gone);
    expect(findings.filter((f) => f.verdict === "refused").map((f) => [f.resource.name, f.what])).toEqual([
      ["matrixServerNames.la-fourmiliere", 'changes to "chat.lafourmiliere.example": the record holds "lafourmiliere.example", the Matrix server name of "la-fourmiliere" for good'],
      [
        "la-fourmiliere-matrix-synapse",
        'changes the Matrix server name (annotation jardin/matrix-server-name) from "lafourmiliere.example", as the base\'s fleet record (matrixServerNames) holds it, to "chat.lafourmiliere.example": every account and room id carries the old one',
      ],
      ...["homeserver.yaml server_name", "Element's config.json server_name"].map((where) => [
        "la-fourmiliere-matrix-config",
        `changes the Matrix server name (${where}) from "lafourmiliere.example", as the base's fleet record (matrixServerNames) holds it, to "chat.lafourmiliere.example": every account and room id carries the old one`,
      ]),
    ]);
  });

  it("lets the same tenant come back under its recorded name", async () => {
    const { ["la-fourmiliere.ts"]: fourmiliere, ...others } = exampleTenantFiles();
    const gone = await planWithTenants(others);
    const back = await planWithTenants({ ...others, "la-fourmiliere.ts": fourmiliere });
    expect((await judgePlans(back, gone)).filter((f) => f.verdict === "refused")).toEqual([]);
  });
});

describe("a new Matrix server name", () => {
  const withMatrix = { ...exampleTenantFiles(), "les-semeurs.ts": baselineTenant({ apps: { matrix: { serverName: "semeurs.example" } } }) };

  it("is refused until the fleet's record holds it", async () => {
    const head = await planWithTenants(withMatrix);
    expect((await judgePlans(head)).filter((f) => f.verdict === "refused").map((f) => [f.resource.name, f.what, f.remedy])).toEqual([
      ...["homeserver.yaml server_name", "Element's config.json server_name", "annotation jardin/matrix-server-name"].map(() => [
        expect.stringMatching(/^les-semeurs-matrix-(config|synapse)$/),
        'serves the Matrix server name "semeurs.example", which the fleet\'s record does not hold',
        'record it in the fleet file: matrixServerNames: { "les-semeurs": "semeurs.example" } (the record outlives the tenant file, so the name can never change)',
      ]),
    ]);
  });

  it("passes once recorded", async () => {
    const head = await planWithFleet((fleet) => {
      fleet.matrixServerNames = { ...fleet.matrixServerNames, "les-semeurs": "semeurs.example" };
    }, withMatrix);
    expect((await judgePlans(head)).filter((f) => f.verdict === "refused")).toEqual([]);
  });
});
