import { describe, expect, it } from "vitest";
import { deployedServerNames, matrixServerName, serverNameChangeProblems, serverNameChanges, MATRIX_SERVER_NAME_ANNOTATION } from "../../model/matrix";
import { tenantSchema, type TenantInput } from "../../model/tenant";
import { baselineTenant } from "../helpers/declarations";

const loaded = (apps: TenantInput["apps"]) => ({ file: "tenants/les-semeurs.ts", tenant: tenantSchema.parse(baselineTenant({ apps })) });

describe("Matrix server name", () => {
  it("defaults to the Synapse hostname", () => {
    expect(matrixServerName(loaded({ matrix: {} }).tenant)).toBe("matrix.semeurs.example");
    expect(matrixServerName(loaded({ matrix: { serverName: "semeurs.example" } }).tenant)).toBe("semeurs.example");
    expect(matrixServerName(loaded({}).tenant)).toBeUndefined();
  });

  it("refuses a change against what is deployed, naming the file, the field and the way back", () => {
    const deployed = new Map([["les-semeurs", "matrix.semeurs.example"]]);
    expect(serverNameChangeProblems(deployed, [loaded({ matrix: { serverName: "semeurs.example" } })])).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "apps.matrix.serverName",
        message:
          '"semeurs.example" would replace the Matrix server name "matrix.semeurs.example", which every account (@name:matrix.semeurs.example) ' +
          'and room already carries; it can never change. Set serverName: "matrix.semeurs.example" back; a new name means a new Matrix ' +
          "server for the organisation, its members starting over",
      },
    ]);
  });

  it("accepts the same name, written out or defaulted, and a first deployment", () => {
    const deployed = new Map([["les-semeurs", "matrix.semeurs.example"]]);
    expect(serverNameChangeProblems(deployed, [loaded({ matrix: {} })])).toEqual([]);
    expect(serverNameChangeProblems(deployed, [loaded({ matrix: { serverName: "matrix.semeurs.example" } })])).toEqual([]);
    expect(serverNameChangeProblems(new Map(), [loaded({ matrix: { serverName: "semeurs.example" } })])).toEqual([]);
  });

  it("reads the deployed names from a snapshot's annotations, by tenant", () => {
    const annotated = (tenant: string, name: string) => ({
      inputs: { metadata: { labels: { "jardin/tenant": tenant }, annotations: { [MATRIX_SERVER_NAME_ANNOTATION]: name } } },
    });
    expect(deployedServerNames([annotated("a", "a.example"), { inputs: { metadata: { labels: { "jardin/tenant": "b" } } } }, annotated("c", "chat.c.example")])).toEqual(
      new Map([["a", "a.example"], ["c", "chat.c.example"]]),
    );
  });
});

describe("server name changes between two plans", () => {
  const synapse = (tenant: string, name: string) => ({
    inputs: { metadata: { labels: { "jardin/tenant": tenant }, annotations: { [MATRIX_SERVER_NAME_ANNOTATION]: name } } },
  });

  it("refuses a tenant whose server name differs from the base, and only that", () => {
    expect(serverNameChanges([synapse("a", "a.example"), synapse("b", "b.example")], [synapse("a", "chat.a.example"), synapse("b", "b.example"), synapse("c", "c.example")])).toEqual([
      'tenants/a.ts: apps.matrix.serverName: "chat.a.example" would replace the Matrix server name "a.example", which every account and room already carries; it can never change. Set serverName: "a.example" back',
    ]);
  });
});
