// The offline copilot: extractive, so every sentence it writes is a sentence of a source, and
// each carries the number of that source. Pure functions over retrieved articles and the thread.
import { plainText, sections, sentences, terms } from "../../domain/knowledge/text";

export interface SourceArticle {
  id: string;
  title: string;
  body: string;
  url: string | null;
  /** Retrieval score (the re-ranker's fused score), highest first. */
  rank: number;
}

/** A similar resolved issue's accepted answer: the agent's last public reply on it. */
export interface SourceAnswer {
  messageId: string;
  number: number;
  title: string;
  text: string;
}

export interface ThreadMessage {
  id: string;
  author: string;
  fromCustomer: boolean;
  visibility: "public" | "internal";
  text: string;
  at: Date;
}

export interface Citation {
  n: number;
  kind: "article" | "message";
  id: string;
  title: string;
  section: string | null;
  url: string | null;
  excerpt: string;
}

export interface Composed {
  text: string;
  citations: Citation[];
  confidence: number;
  reason: string;
}

/** The customer's side of the thread: what retrieval and the draft answer. */
export function customerQuestion(thread: ThreadMessage[]): string {
  return thread
    .filter((m) => m.fromCustomer && m.visibility === "public")
    .map((m) => m.text)
    .join("\n")
    .slice(0, 4_000);
}

const overlap = (query: Set<string>, text: string) => {
  const seen = new Set(terms(text));
  let n = 0;
  for (const t of query) if (seen.has(t)) n++;
  return n;
};

interface Passage {
  article: SourceArticle;
  section: string | null;
  anchor: string | null;
  lines: string[];
  score: number;
  order: number;
}

/** The sections of an article by how well they answer the question, each with its relevant lines. */
export function passages(article: SourceArticle, question: string, maxLines = 3): Passage[] {
  const q = new Set(terms(question));
  return sections(article.body)
    .map((s, order) => {
      const lines = sentences(plainText(s.text));
      const steps = /^\s*(\d+[.)]|[-*+])\s+/m.test(s.text);
      const score = overlap(q, `${s.heading ?? ""} ${s.text}`) + (s.heading ? overlap(q, s.heading) : 0);
      // Steps are kept whole (up to five), in order; prose keeps its most relevant lines, in order.
      const ranked = lines.map((line, i) => ({ i, hit: overlap(q, line) }));
      const keep = new Set(
        (steps ? ranked.slice(0, 5) : [...ranked].sort((a, b) => b.hit - a.hit || a.i - b.i).slice(0, maxLines)).map(
          (r) => r.i,
        ),
      );
      return {
        article,
        section: s.heading,
        anchor: s.anchor,
        lines: lines.filter((_, i) => keep.has(i)),
        score,
        order,
      };
    })
    .filter((p) => p.lines.length > 0 && p.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order);
}

/**
 * A reply built from the best passages — up to two sections of the top article, and the second
 * article's best when it is nearly as close — each sentence marked with its source. With nothing
 * retrieved it says so and drafts nothing to send.
 */
export function composeDraft(input: {
  question: string;
  customerName: string | null;
  articles: SourceArticle[];
  answers?: SourceAnswer[];
}) {
  const [first, second] = input.articles;
  const top = first ? passages(first, input.question).slice(0, 2) : [];
  const bestScore = top[0]?.score ?? 0;
  const runnerUp = second ? passages(second, input.question)[0] : undefined;
  const resolved = resolvedPassage(input.answers ?? [], input.question, bestScore);
  const fromArticles = [
    ...top.sort((a, b) => a.order - b.order),
    ...(runnerUp && runnerUp.score >= 0.6 * bestScore ? [runnerUp] : []),
  ];
  const chosen = fromArticles;
  if (chosen.length === 0 && !resolved) {
    return {
      text: "",
      citations: [],
      confidence: 0,
      reason: "No published article matches the customer's question; consider marking it as a knowledge gap.",
    } satisfies Composed;
  }
  const citations: Citation[] = chosen.map((p, i) => ({
    n: i + 1,
    kind: "article",
    id: p.article.id,
    title: p.article.title,
    section: p.section,
    url: p.article.url && p.anchor ? `${p.article.url}#${p.anchor}` : p.article.url,
    excerpt: p.lines.join(" ").slice(0, 400),
  }));
  const body = chosen.map((p, i) => {
    const numbered = p.lines.length > 1 && /^\s*\d+[.)]\s/m.test(sectionText(p));
    const lines = p.lines.map((line, k) => (numbered ? `${k + 1}. ${line} [${i + 1}]` : `${line} [${i + 1}]`));
    const intro = p.section && numbered ? `${p.section}:\n` : "";
    return numbered ? `${intro}${lines.join("\n")}` : lines.join(" ");
  });
  if (resolved) {
    // The issue message it comes from; no link goes to the customer (issues are the workspace's own).
    const n = citations.length + 1;
    citations.push({
      n,
      kind: "message",
      id: resolved.answer.messageId,
      title: `Issue #${resolved.answer.number}: ${resolved.answer.title}`,
      section: null,
      url: null,
      excerpt: resolved.lines.join(" ").slice(0, 400),
    });
    body.push(resolved.lines.map((line) => `${line} [${n}]`).join(" "));
  }
  const articleLinks = [...new Map(citations.filter((c) => c.url).map((c) => [c.id, c])).values()];
  const links = articleLinks.map((c) => `- [${c.title}](${articleUrl(c.url)})`).join("\n");
  const name = input.customerName?.split(/\s+/)[0];
  const text = [
    `Hi ${name ?? "there"},`,
    "",
    ...body.flatMap((b) => [b, ""]),
    ...(links ? ["More detail in our help center:", links, ""] : []),
    "Let me know if that helps!",
  ].join("\n");
  const q = new Set(terms(input.question));
  const confidence = q.size > 0 ? Math.min(1, Math.max(bestScore, resolved?.score ?? 0) / Math.min(q.size, 8)) : 0;
  const used = [...new Set(chosen.map((p) => `"${p.article.title}"`))];
  const fromIssue = resolved ? `the answer that resolved issue #${resolved.answer.number}` : "";
  return {
    text,
    citations,
    confidence: round(confidence),
    reason:
      used.length > 0
        ? `Drafted from ${used.join(" and ")} (${chosen.map((p) => p.section ?? "introduction").join(", ")}): the published public articles closest to the customer's words${fromIssue ? `, and ${fromIssue}` : ""}.`
        : `Drafted from ${fromIssue}: no published article matches, a similar resolved issue does.`,
  } satisfies Composed;
}

/**
 * The best similar resolved issue's answer, as up to two of its most relevant sentences: taken when
 * it shares at least two words with the question and is nearly as close as the best article.
 */
export function resolvedPassage(answers: readonly SourceAnswer[], question: string, bestArticleScore: number) {
  const q = new Set(terms(question));
  const scored = answers
    .map((answer) => ({ answer, score: overlap(q, `${answer.title} ${answer.text}`) }))
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.score < Math.max(2, 0.6 * bestArticleScore)) return null;
  const lines = sentences(plainText(best.answer.text))
    .map((line, i) => ({ line, i, hit: overlap(q, line) }))
    .filter((l) => l.hit > 0)
    .sort((a, b) => b.hit - a.hit || a.i - b.i)
    .slice(0, 2)
    .sort((a, b) => a.i - b.i)
    .map((l) => l.line);
  return lines.length > 0 ? { answer: best.answer, score: best.score, lines } : null;
}

const sectionText = (p: Passage) => sections(p.article.body).find((s) => s.heading === p.section)?.text ?? "";

const articleUrl = (url: string | null) => url?.split("#")[0] ?? "";
const round = (x: number) => Math.round(x * 100) / 100;

// ---- summary and Q&A over the thread ----------------------------------------------------------

const TRIED =
  /\b(tried|try|trying|restart|re-?auth|reconnect|clear|cleared|reinstall|checked|reset|workaround|updated|rolled back)\b/i;

/** Who asked what, what was tried, what is pending — each line citing the messages it comes from. */
export function summarise(thread: ThreadMessage[]): Composed {
  const messages = thread.filter((m) => m.text.trim());
  if (messages.length === 0) return { text: "", citations: [], confidence: 0, reason: "The thread is empty." };
  const citations: Citation[] = [];
  const cite = (m: ThreadMessage, excerpt: string) => {
    let c = citations.find((x) => x.id === m.id);
    if (!c) {
      c = { n: citations.length + 1, kind: "message", id: m.id, title: m.author, section: null, url: null, excerpt };
      citations.push(c);
    }
    return `[${c.n}]`;
  };
  const lines: string[] = [];
  const asked = messages.find((m) => m.fromCustomer);
  if (asked) {
    const s = firstSentences(asked.text, 2);
    lines.push(`**Asked:** ${asked.author}: ${s} ${cite(asked, s)}`);
  }
  const tried = messages.flatMap((m) =>
    sentences(m.text)
      .filter((s) => TRIED.test(s))
      .map((s) => ({ m, s })),
  );
  for (const { m, s } of tried.slice(0, 3)) lines.push(`**Tried:** ${m.author}: ${s} ${cite(m, s)}`);
  const last = messages[messages.length - 1];
  if (last) {
    const s = firstSentences(last.text, 1);
    const waiting = last.fromCustomer ? "the team owes the customer an answer" : "waiting on the customer";
    lines.push(`**Pending:** ${waiting}; last from ${last.author}: ${s} ${cite(last, s)}`);
  }
  return {
    text: lines.join("\n"),
    citations,
    confidence: 1,
    reason: `Extracted from ${messages.length} messages: the first question, lines about what was tried, and the latest message.`,
  };
}

/** The thread's sentences that answer the question best, each citing its message; none under a floor. */
export function answerFromThread(question: string, thread: ThreadMessage[]): Composed {
  const q = new Set(terms(question));
  const scored = thread.flatMap((m) =>
    sentences(m.text).map((s) => ({ m, s, hit: overlap(q, s) + (TRIED.test(question) && TRIED.test(s) ? 1 : 0) })),
  );
  const best = scored.filter((x) => x.hit > 0).sort((a, b) => b.hit - a.hit || b.m.at.getTime() - a.m.at.getTime());
  const top = best.slice(0, 3);
  if (top.length === 0 || q.size === 0) {
    return {
      text: "The thread does not say.",
      citations: [],
      confidence: 0,
      reason: "No message shares words with the question.",
    };
  }
  const citations: Citation[] = [];
  const lines = top.map(({ m, s }) => {
    let c = citations.find((x) => x.id === m.id);
    if (!c) {
      c = { n: citations.length + 1, kind: "message", id: m.id, title: m.author, section: null, url: null, excerpt: s };
      citations.push(c);
    }
    return `- ${m.author}: "${s}" [${c.n}]`;
  });
  const confidence = round(Math.min(1, (top[0]?.hit ?? 0) / Math.min(q.size, 4)));
  return {
    text: lines.join("\n"),
    citations,
    confidence,
    reason: `The ${top.length} sentence(s) of the thread that share the most words with the question.`,
  };
}

function firstSentences(text: string, n: number) {
  const s = sentences(text).slice(0, n).join(" ");
  return (s || text.trim()).slice(0, 300);
}
