/**
 * Where a tenant file failed to compile, read from the compiler's own error: the plan loads files
 * with tsx (esbuild), `pulumi up` with ts-node (the TypeScript compiler). Reading the error needs
 * neither at run time, so the program keeps no dependency on a dev tool.
 */
export interface CompileFailure {
  /** 1-based, as editors show it. */
  readonly line: number;
  /** 1-based, as editors show it. */
  readonly column: number;
  /** What the compiler expected, in its words, e.g. `Expected "}" but found "contact"`. */
  readonly text: string;
}

// esbuild: `<file>:<line>:<column>: ERROR: <text>`, column 0-based.
// (tsx rethrows esbuild's failure with this line under "Transform failed with 1 error:")
const ESBUILD = /:(\d+):(\d+): ERROR: (.+)$/m;
// ts-node's TSError: `<file>(<line>,<column>): error TS<code>: <text>`, both 1-based.
// https://typestrong.org/ts-node/api/classes/TSError.html
const TYPESCRIPT = /\((\d+),(\d+)\): error (TS(\d+): .+)$/gm;

/** The first compile error in a load failure, if the failure is one; undefined otherwise. */
export function compileFailure(error: unknown): CompileFailure | undefined {
  const diagnostic = (error as { diagnosticText?: unknown } | null)?.diagnosticText;
  const text = typeof diagnostic === "string" ? diagnostic : error instanceof Error ? error.message : "";
  const esbuild = ESBUILD.exec(text);
  if (esbuild !== null) return { line: Number(esbuild[1]), column: Number(esbuild[2]) + 1, text: sentence(esbuild[3]!) };
  // With type checks on, a syntax slip also breaks types further on: the syntax error (TS1xxx) is
  // the cause to show. https://github.com/microsoft/TypeScript/blob/main/src/compiler/diagnosticMessages.json
  const errors = [...text.matchAll(TYPESCRIPT)];
  const first = errors.find((e) => e[4]!.length === 4 && e[4]!.startsWith("1")) ?? errors[0];
  if (first !== undefined) return { line: Number(first[1]), column: Number(first[2]), text: sentence(first[3]!) };
  return undefined;
}

// The message goes inside a sentence of ours: no full stop of its own.
function sentence(text: string): string {
  return text.trim().replace(/\.$/, "");
}
