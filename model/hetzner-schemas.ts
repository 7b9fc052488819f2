import { z } from "zod";
import {
  EU_LOCATIONS,
  LOCATION_COUNTRY,
  NON_EU_LOCATIONS,
  RETIRED_SERVER_TYPES,
  SERVER_TYPES,
} from "./hetzner";
import { forGivenValues } from "./parse";
import { closestName, listAlternatives } from "./suggest";

const euChoices = EU_LOCATIONS.map((l) => `"${l}" (${LOCATION_COUNTRY[l]})`).join(", ");

/** A Hetzner location inside the EU; anything else is refused with the reason. */
export const euLocation = z.enum(EU_LOCATIONS, {
  error: forGivenValues((issue) => {
    const outside = typeof issue.input === "string" ? NON_EU_LOCATIONS[issue.input] : undefined;
    return outside === undefined
      ? `${JSON.stringify(issue.input)} is not a Hetzner EU location; use one of ${euChoices}`
      : `${JSON.stringify(issue.input)} is ${outside}, outside the EU, and tenants' data stays in the EU; use one of ${euChoices}`;
  }),
});

/** A Hetzner Cloud server type on sale; a retired one is refused with its successor. */
export const serverType = z.enum(SERVER_TYPES, {
  error: forGivenValues((issue) => {
    const typed = String(issue.input);
    const successor = RETIRED_SERVER_TYPES[typed];
    if (successor !== undefined) return `"${typed}" is no longer sold by Hetzner; use "${successor}", its successor`;
    const guess = closestName(typed, SERVER_TYPES);
    return `${JSON.stringify(issue.input)} is not a Hetzner server type${guess === undefined ? "" : ` (did you mean "${guess}"?)`}; use one of ${listAlternatives(SERVER_TYPES)}`;
  }),
});
