// Macro templates: {{variables}} filled from the issue, its requester and the agent.

export const MACRO_VARIABLES = [
  "contact.name",
  "contact.first_name",
  "contact.email",
  "account.name",
  "agent.name",
  "agent.first_name",
  "issue.number",
  "issue.title",
] as const;
export type MacroVariable = (typeof MACRO_VARIABLES)[number];

const PLACEHOLDER = /\{\{\s*([a-z_.]+)\s*\}\}/g;

/** Variables a template uses that we do not know: saved macros must have none. */
export function unknownVariables(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    if (!(MACRO_VARIABLES as readonly string[]).includes(name)) unknown.add(name);
  }
  return [...unknown];
}

/**
 * Fills the template. A missing value falls back to something a customer can read
 * ("there" for a first name) rather than leaving braces in a reply.
 */
export function renderTemplate(template: string, values: Partial<Record<MacroVariable, string>>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name as MacroVariable];
    if (value) return value;
    return name.endsWith("first_name") ? "there" : "";
  });
}

export function firstName(name: string | null | undefined): string | undefined {
  const first = name?.trim().split(/\s+/)[0];
  return first && !first.includes("@") ? first : undefined;
}
