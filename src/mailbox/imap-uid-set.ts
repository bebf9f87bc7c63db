// UIDs written as IMAP sequence sets ("4:9,12"): one UID MOVE carries a whole batch, and
// runs of consecutive UIDs (the usual case in an inbox) cost a few characters each.

/** Sequence sets covering the UIDs, each at most `maxLength` characters (servers cap command lines). */
export function uidSets(uids: readonly number[], maxLength = 4000): string[] {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === (sorted[end] as number) + 1) end++;
    ranges.push(end === start ? `${sorted[start]}` : `${sorted[start]}:${sorted[end]}`);
    start = end + 1;
  }
  const sets: string[] = [];
  let current = "";
  for (const range of ranges) {
    if (current && current.length + 1 + range.length > maxLength) {
      sets.push(current);
      current = "";
    }
    current = current ? `${current},${range}` : range;
  }
  if (current) sets.push(current);
  return sets;
}
