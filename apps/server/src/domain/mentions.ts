// @mentions in internal notes: "@Dana", "@dana.kim" or "@dana.kim@company.com" name a colleague.

export interface Mentionable {
  id: string;
  name: string;
  email: string;
}

const MENTION = /(^|[^\w@])@([\w.+-]+(?:@[\w.-]+\.\w+)?)/g;

/** Ids of the colleagues a text mentions, each once, in order of first mention. */
export function extractMentions(text: string, people: readonly Mentionable[]): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(MENTION)) {
    const handle = (match[2] ?? "").toLowerCase().replace(/[.]+$/, "");
    const person = people.find((p) => handlesOf(p).includes(handle));
    if (person && !found.includes(person.id)) found.push(person.id);
  }
  return found;
}

function handlesOf(person: Mentionable): string[] {
  const email = person.email.toLowerCase();
  const local = email.split("@")[0] ?? "";
  const parts = person.name.toLowerCase().split(/\s+/).filter(Boolean);
  return [email, local, parts.join("."), parts.join(""), parts[0] ?? ""].filter(Boolean);
}
