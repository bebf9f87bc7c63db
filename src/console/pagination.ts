// Which page of a long list is shown, and the links of the design system's numbered
// pagination to the others (first, last and the two either side; gaps as ellipses). Pure.

export interface PageWindow {
  /** 1-based. */
  readonly page: number;
  readonly limit: number;
  readonly offset: number;
}

export function pageWindow(requested: unknown, limit: number): PageWindow {
  const number = typeof requested === "string" && /^\d{1,6}$/.test(requested) ? Number(requested) : 1;
  const page = Math.max(1, number);
  return { page, limit, offset: (page - 1) * limit };
}

export interface PaginationLinks {
  readonly previous: { readonly href: string } | undefined;
  readonly next: { readonly href: string } | undefined;
  readonly items: readonly ({ readonly number: number; readonly href: string; readonly current: boolean } | { readonly ellipsis: true })[];
}

/** null when everything fits on one page. */
export function paginationLinks(window: PageWindow, total: number, hrefOf: (page: number) => string): PaginationLinks | null {
  const pages = Math.max(1, Math.ceil(total / window.limit));
  if (pages <= 1) return null;
  const shown = [...new Set([1, window.page - 1, window.page, window.page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  const items: PaginationLinks["items"][number][] = [];
  shown.forEach((number, index) => {
    const before = shown[index - 1];
    if (before !== undefined && number - before > 1) items.push({ ellipsis: true });
    items.push({ number, href: hrefOf(number), current: number === window.page });
  });
  return {
    previous: window.page > 1 ? { href: hrefOf(window.page - 1) } : undefined,
    next: window.page < pages ? { href: hrefOf(window.page + 1) } : undefined,
    items,
  };
}
