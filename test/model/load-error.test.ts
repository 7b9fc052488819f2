import { transformSync } from "esbuild";
import { create } from "ts-node";
import { describe, expect, it } from "vitest";
import { compileFailure } from "../../model/load-error";

// A comma forgotten after `name`: the most common slip in a hand-edited tenant file.
const MISSING_COMMA = 'export default {\n  id: "x",\n  name: "y"\n  contact: "z",\n};\n';

function thrownBy(compile: () => unknown): unknown {
  try {
    compile();
  } catch (error) {
    return error;
  }
  throw new Error("compiled without an error");
}

describe("compile failures of a tenant file", () => {
  it("reads esbuild's error (the plan, under tsx) with 1-based line and column", () => {
    const error = thrownBy(() => transformSync(MISSING_COMMA, { loader: "ts", sourcefile: "tenants/x.ts" }));
    expect(compileFailure(error)).toEqual({ line: 4, column: 3, text: 'Expected "}" but found "contact"' });
  });

  it("reads the TypeScript compiler's error (pulumi up, under ts-node)", () => {
    const service = create({ transpileOnly: true, skipProject: true, compilerOptions: { module: "commonjs" } });
    const error = thrownBy(() => service.compile(MISSING_COMMA, "/tmp/x.ts"));
    expect(compileFailure(error)).toEqual({ line: 4, column: 3, text: "TS1005: ',' expected" });
  });

  it("shows the syntax error first when type checks also fail because of it", () => {
    const text = [
      "x.ts(2,29): error TS2345: Argument of type '{ id: string; }' is not assignable to parameter of type 'TenantInput'.",
      "x.ts(5,3): error TS1005: ',' expected.",
    ].join("\n");
    expect(compileFailure({ diagnosticText: text })).toEqual({ line: 5, column: 3, text: "TS1005: ',' expected" });
  });

  it("is undefined for a failure that is not a compile error", () => {
    expect(compileFailure(new Error("Cannot find module '../model/tenants'"))).toBeUndefined();
    expect(compileFailure("boom")).toBeUndefined();
  });
});
