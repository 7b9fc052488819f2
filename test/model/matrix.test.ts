import { describe, expect, it } from "vitest";
import { matrixServerName } from "../../model/matrix";
import { tenantSchema, type TenantInput } from "../../model/tenant";
import { baselineTenant } from "../helpers/declarations";

const loaded = (apps: TenantInput["apps"]) => ({ file: "tenants/les-semeurs.ts", tenant: tenantSchema.parse(baselineTenant({ apps })) });

describe("Matrix server name", () => {
  it("defaults to the Synapse hostname", () => {
    expect(matrixServerName(loaded({ matrix: {} }).tenant)).toBe("matrix.semeurs.example");
    expect(matrixServerName(loaded({ matrix: { serverName: "semeurs.example" } }).tenant)).toBe("semeurs.example");
    expect(matrixServerName(loaded({}).tenant)).toBeUndefined();
  });
});
