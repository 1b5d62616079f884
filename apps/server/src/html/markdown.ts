// Knowledge-base markdown rendered to HTML once, on the server, and sanitised: the help center,
// the editor's preview and the API all show the same thing. Headings carry ids so a citation
// can link to an article's section.
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { slugify } from "../domain/knowledge/text";

const marked = new Marked({
  gfm: true,
  renderer: {
    heading({ tokens, depth, text }) {
      return `<h${depth} id="${slugify(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
});

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "h1", "h2", "del", "ins", "sup", "sub", "input"],
  allowedAttributes: {
    a: ["href", "title"],
    img: ["src", "alt", "title", "width", "height"],
    "*": ["id", "class"],
    input: ["type", "checked", "disabled"],
    td: ["align"],
    th: ["align"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
};

export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false }), OPTIONS);
}
