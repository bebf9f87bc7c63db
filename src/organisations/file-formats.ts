// The layouts an organisations file can come in, and how one is recognised from its first row.
import { looksLikeEpraccurCurrent } from "./epraccur-current.ts";
import { looksLikeEpraccurLegacy } from "./epraccur-legacy.ts";
import { looksLikeOrganisationsCsvHeader } from "./organisations-csv.ts";

export const ORGANISATION_FILE_FORMATS = ["epraccur-legacy", "epraccur-current", "csv"] as const;

export type OrganisationFileFormat = (typeof ORGANISATION_FILE_FORMATS)[number];

export const ORGANISATION_FILE_FORMAT_LABELS: Record<OrganisationFileFormat, string> = {
  "epraccur-legacy": "epraccur, legacy layout",
  "epraccur-current": "epraccur, current layout",
  csv: "plain CSV",
};

/** The layout the first row belongs to; null when it matches none. */
export function detectFormat(firstRow: readonly string[]): OrganisationFileFormat | null {
  if (looksLikeOrganisationsCsvHeader(firstRow)) return "csv";
  if (looksLikeEpraccurLegacy(firstRow)) return "epraccur-legacy";
  if (looksLikeEpraccurCurrent(firstRow)) return "epraccur-current";
  return null;
}
