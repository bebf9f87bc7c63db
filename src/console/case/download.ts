// The headers of an attachment served from a case: always a download of opaque bytes, never
// content a browser would render or sniff, whatever the sender declared; the file name made
// safe (no quotes, controls, paths or invisible characters) with the original in UTF-8.

const UNSAFE_IN_NAME = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}"\\/:*?<>|;]/gu;

/** The name to save as: the sender's, stripped of anything a file system or a header could misread. */
export function downloadName(filename: string, index: number): string {
  const cleaned = filename.replace(UNSAFE_IN_NAME, "_").replace(/^[.\s]+/, "").trim().slice(0, 150);
  return cleaned === "" ? `attachment-${index + 1}` : cleaned;
}

export function attachmentHeaders(filename: string, index: number): Record<string, string> {
  const name = downloadName(filename, index);
  const ascii = name.replace(/[^\x20-\x7e]/g, "_");
  return {
    "content-type": "application/octet-stream",
    "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
  };
}
