// The editor toolbar's markdown edits: wrap the selection (bold, italic, link, code) or prefix
// its lines (headings, lists). Pure, so the cursor math is testable.
export type Format = "h2" | "h3" | "bold" | "italic" | "bullets" | "steps" | "link" | "image" | "code";

export interface Edit {
  text: string;
  start: number;
  end: number;
}

export function applyFormat(text: string, start: number, end: number, format: Format): Edit {
  const selected = text.slice(start, end);
  const wrap = (before: string, after: string, placeholder: string): Edit => {
    const inner = selected || placeholder;
    return {
      text: text.slice(0, start) + before + inner + after + text.slice(end),
      start: start + before.length,
      end: start + before.length + inner.length,
    };
  };
  switch (format) {
    case "bold":
      return wrap("**", "**", "bold text");
    case "italic":
      return wrap("_", "_", "italic text");
    case "link":
      return wrap("[", "](https://)", "link text");
    case "image":
      return wrap("![", "](https://)", "description");
    case "code":
      return wrap("\n```\n", "\n```\n", "code");
    default:
      return prefixLines(text, start, end, format);
  }
}

function prefixLines(text: string, start: number, end: number, format: "h2" | "h3" | "bullets" | "steps"): Edit {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEndAt = text.indexOf("\n", end);
  const lineEnd = lineEndAt === -1 ? text.length : lineEndAt;
  const lines = text.slice(lineStart, lineEnd).split("\n");
  const prefixed = lines.map((line, i) => {
    const bare = line.replace(/^(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)/, "");
    if (format === "h2") return `## ${bare}`;
    if (format === "h3") return `### ${bare}`;
    if (format === "bullets") return `- ${bare}`;
    return `${i + 1}. ${bare}`;
  });
  const block = prefixed.join("\n");
  return {
    text: text.slice(0, lineStart) + block + text.slice(lineEnd),
    start: lineStart,
    end: lineStart + block.length,
  };
}
