// Lists with a search box (accounts, contacts): the options of one page, and LIKE escaping for
// the searched text.

export interface ListOptions {
  q?: string;
  limit: number;
  cursor?: string;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
