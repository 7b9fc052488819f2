import prod from "./prod";

/** One fleet file per Pulumi stack, with its path for messages. */
export const FLEETS: Readonly<Record<string, { readonly file: string; readonly input: unknown }>> = {
  prod: { file: "stacks/prod.ts", input: prod },
};
