import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adminUsername, adminUsernameIssues, CLEAN_USERNAME } from "../../model/admin-accounts";
import { parseDeclaration } from "../../model/parse";
import { tenantSchema } from "../../model/tenant";
import synapse from "../contracts/synapse/oidc-v1.149.1.json";
import { baselineTenant, ROOT_DIR } from "../helpers/declarations";

const FILE = "tenants/les-semeurs.ts";
const problemsOf = (admins: string[]) => {
  const result = parseDeclaration(tenantSchema, baselineTenant({ sso: { admins } }), FILE);
  return result.ok ? [] : result.problems;
};

describe("admin usernames", () => {
  it("are the part of the address before @, lower-cased", () => {
    expect(["dsi@educpop.example", "S.Benali@educpop.example", "camille.roux@lafourmiliere.example"].map(adminUsername)).toEqual([
      "dsi",
      "s.benali",
      "camille.roux",
    ]);
  });

  it("hold only characters a Matrix localpart keeps unescaped at the pinned Synapse", () => {
    const allowed = new Set(synapse.mxidLocalpartAllowedCharacters);
    for (const character of "abcxyz0189._-") expect(allowed.has(character)).toBe(true);
    expect(CLEAN_USERNAME.test("s.benali")).toBe(true);
    for (const unclean of ["_bot", "jean+jardin", "émile", "a=b", ".dot"]) expect(CLEAN_USERNAME.test(unclean)).toBe(false);
  });

  it("of every tenant file are clean and unique", async () => {
    for (const file of readdirSync(join(ROOT_DIR, "tenants"))) {
      const tenant = tenantSchema.parse((await import(join(ROOT_DIR, "tenants", file))).default);
      expect(adminUsernameIssues(tenant.sso.admins)).toEqual([]);
    }
  });

  it("refuse two admins who would share a username, naming both and the way out", () => {
    expect(problemsOf(["ana@semeurs.example", "ana@lesemeurs.example"])).toEqual([
      {
        file: FILE,
        field: "sso.admins[1]",
        message:
          '"ana@lesemeurs.example" and "ana@semeurs.example" would both have the username "ana" (the part before "@", which becomes the Matrix ID); list one of them by an address with another part before "@"',
      },
    ]);
  });

  it("refuse an address whose part before @ would not be a clean Matrix ID", () => {
    expect(problemsOf(["admin@semeurs.example", "jean+jardin@semeurs.example"])).toEqual([
      {
        file: FILE,
        field: "sso.admins[1]",
        message:
          '"jean+jardin@semeurs.example" would make the username "jean+jardin", which becomes the admin\'s Matrix ID and must hold only lower-case letters, digits, ".", "_" and "-" (and start with a letter or digit); list an address whose part before "@" does',
      },
    ]);
  });
});
