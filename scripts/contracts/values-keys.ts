import { parse } from "yaml";

/** A key's path in a chart's values, one segment per map key (keys may hold dots: `app.kubernetes.io/name`). */
export type KeyPath = readonly string[];

/** Where any key is accepted below a path, and why: the chart reads that value whole. */
export interface OpenPath {
  readonly path: KeyPath;
  readonly because: string;
}

/**
 * The values a chart reads, as the contract keeps them: every key of its values.yaml, and the
 * paths below which any key is read (a free-form default, or a value the templates render whole
 * or iterate over). Helm silently ignores any other key, which is how a misspelt or removed
 * setting goes unnoticed: the contract tests refuse it.
 */
export interface ValuesKeys {
  readonly keys: readonly KeyPath[];
  readonly open: readonly OpenPath[];
}

export interface TemplateFile {
  /** Relative to the chart's folder, e.g. `templates/deployment.yaml`. */
  readonly path: string;
  readonly text: string;
}

export function valuesKeys(valuesYaml: string, templates: readonly TemplateFile[]): ValuesKeys {
  const keys: KeyPath[] = [];
  const open: OpenPath[] = [];
  const walk = (value: unknown, path: string[]): void => {
    if (Array.isArray(value)) {
      if (path.length > 0) open.push({ path, because: "values.yaml: a list" });
      return;
    }
    if (value === null || typeof value !== "object") return;
    const entries = Object.entries(value);
    if (entries.length === 0 && path.length > 0) open.push({ path, because: "values.yaml: an empty map" });
    for (const [key, child] of entries) {
      keys.push([...path, key]);
      walk(child, [...path, key]);
    }
  };
  walk(parse(valuesYaml) ?? {}, []);
  for (const template of templates) open.push(...renderedWhole(template));
  return { keys: sortPaths(keys), open: dedupeOpen(open) };
}

const VALUES_PATH = String.raw`\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)`;
/** `range $key, $value := .Values.x`: x is a map of any keys. */
const RANGE_MAP = new RegExp(String.raw`range\s+\$\w+\s*,\s*\$\w+\s*:=\s*\(?\s*${VALUES_PATH}`, "g");
/** `toYaml .Values.x` or `.Values.x | toYaml`: x is rendered as it is given. */
const TO_YAML = new RegExp(String.raw`toYaml\s+\(?\s*${VALUES_PATH}|${VALUES_PATH}\s*\|\s*toYaml`, "g");
const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const WITH_VALUES = new RegExp(String.raw`^with\s+${VALUES_PATH}\s*$`);

/**
 * The values a template reads whole. Besides the two patterns above, Helm's idiom
 * `{{- with .Values.x }} ... {{ toYaml . }} ... {{- end }}` renders x whole too: the actions are
 * followed in order, with the blocks they open.
 */
function renderedWhole(template: TemplateFile): OpenPath[] {
  const found: OpenPath[] = [];
  const at = (match: RegExpExecArray): number => template.text.slice(0, match.index).split("\n").length;
  const pathOf = (dotted: string): string[] => dotted.slice(1).split(".");
  for (const match of template.text.matchAll(RANGE_MAP)) {
    found.push({ path: pathOf(match[1]!), because: `${template.path}:${at(match)}: range over its keys` });
  }
  for (const match of template.text.matchAll(TO_YAML)) {
    found.push({ path: pathOf((match[1] ?? match[2])!), because: `${template.path}:${at(match)}: toYaml` });
  }
  const blocks: (string | undefined)[] = [];
  for (const match of template.text.matchAll(ACTION)) {
    const action = match[1]!.trim();
    if (/^(if|range|define|block)\b/.test(action)) blocks.push(undefined);
    else if (/^with\b/.test(action)) blocks.push(WITH_VALUES.exec(action)?.[1]);
    else if (/^end\b/.test(action)) blocks.pop();
    else if (/\btoYaml\s+\.(\s|\)|$)|^\.\s*\|\s*toYaml\b/.test(action)) {
      const current = blocks.at(-1);
      if (current !== undefined) found.push({ path: pathOf(current), because: `${template.path}:${at(match)}: with ... toYaml .` });
    }
  }
  return found;
}

/** Segment by segment, a path before the paths below it. */
export function comparePaths(a: KeyPath, b: KeyPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = a[i]! < b[i]! ? -1 : a[i]! > b[i]! ? 1 : 0;
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function sortPaths(paths: KeyPath[]): KeyPath[] {
  return paths.sort(comparePaths);
}

/** values.keys.json: one path per line, so a refresh's diff shows the keys a chart gained or lost. */
export function formatValuesKeys(keys: ValuesKeys): string {
  const keyLines = keys.keys.map((path) => `    ${JSON.stringify(path)}`);
  const openLines = keys.open.map((entry) => `    ${JSON.stringify({ path: entry.path, because: entry.because })}`);
  return `{\n  "keys": [\n${keyLines.join(",\n")}\n  ],\n  "open": [\n${openLines.join(",\n")}\n  ]\n}\n`;
}

function dedupeOpen(open: OpenPath[]): OpenPath[] {
  const byPath = new Map<string, OpenPath>();
  for (const entry of open) {
    const key = JSON.stringify(entry.path);
    if (!byPath.has(key)) byPath.set(key, entry);
  }
  return [...byPath.values()].sort((a, b) => comparePaths(a.path, b.path));
}
