// StackFAQ (bench/data/stackfaq, CC BY-SA StackExchange content, see its LICENSE): 125 FAQ threads,
// each with its question, top answers and the annotators' paraphrases of the question.
// Split for tuning: threads at even positions are dev, odd positions test (the split is by
// thread, so no paraphrase of a test question is ever seen while tuning).
import fs from "node:fs";
import path from "node:path";

const DATA = path.join(import.meta.dirname, "data/stackfaq/stackExchange-FAQ.xml");

export interface Thread {
  question: string;
  answers: string[];
  paraphrases: string[];
  split: "dev" | "test";
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
const all = (xml: string, tag: string) =>
  [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => decode(m[1] ?? ""));

export function loadStackFaq(file = DATA): Thread[] {
  const xml = fs.readFileSync(file, "utf8");
  return [...xml.matchAll(/<qapair>([\s\S]*?)<\/qapair>/g)].map((m, i) => {
    const pair = m[1] ?? "";
    return {
      question: all(pair, "question")[0] ?? "",
      answers: all(pair, "answer"),
      // "*" marks an empty slot in the annotation sheet.
      paraphrases: all(pair, "rephr").filter((r) => r.length > 1),
      split: i % 2 === 0 ? "dev" : "test",
    };
  });
}
