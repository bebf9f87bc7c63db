// Recognises an organisation type written by a person: the id ("sub-icb-location"), the
// label ("sub-ICB location"), the label without its abbreviation ("Integrated Care Board")
// or the abbreviation alone ("ICB"), in any letter case.
import { ORGANISATION_TYPE_LABELS, ORGANISATION_TYPES, type OrganisationType } from "./organisation-types.ts";

// Hyphens and spaces are interchangeable in the names people write ("sub ICB location").
const canonical = (text: string): string => text.trim().toLowerCase().replace(/[\s-]+/g, " ");

function namesOf(type: OrganisationType): string[] {
  const label = ORGANISATION_TYPE_LABELS[type];
  const names = [type, label];
  const abbreviated = /^(.*?)\s*\(([^)]+)\)$/.exec(label);
  if (abbreviated?.[1] && abbreviated[2]) names.push(abbreviated[1], abbreviated[2]);
  return names;
}

const BY_NAME: ReadonlyMap<string, OrganisationType> = new Map(
  ORGANISATION_TYPES.flatMap((type) => namesOf(type).map((name) => [canonical(name), type] as const)),
);

export function organisationTypeFromName(text: string): OrganisationType | null {
  return BY_NAME.get(canonical(text)) ?? null;
}
