// The password rule, zod-free so the web app checks as you type what the server enforces
// (`@switchboard/api/passwords`). Length beats symbol rules (NIST SP 800-63B): at least 10
// characters, not a well-known password, not the person's own email or name, not one repeated run.

export const PASSWORD_MIN_LENGTH = 10;

/** The most common passwords of public breach lists, and the demo's (they are the first guesses). */
const COMMON = new Set([
  "password",
  "password1",
  "password12",
  "password123",
  "password1234",
  "passw0rd",
  "123456789",
  "1234567890",
  "12345678910",
  "0123456789",
  "qwertyuiop",
  "qwerty1234",
  "qwerty12345",
  "1q2w3e4r5t",
  "1qaz2wsx3edc",
  "iloveyou123",
  "letmein123",
  "welcome123",
  "welcome1234",
  "changeme123",
  "switchboard",
  "switchboard1",
  "switchboard123",
  "administrator",
  "abcdefghij",
  "abc1234567",
  "trustno1234",
  "football123",
  "baseball123",
  "sunshine123",
  "princess123",
  "superman123",
  "dragon12345",
  "monkey12345",
]);

/** What is wrong with `password` for this person; empty when it is strong enough. */
export function passwordProblems(password: string, person: { email?: string; name?: string } = {}): string[] {
  const problems: string[] = [];
  const lower = password.toLowerCase();
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`Use at least ${PASSWORD_MIN_LENGTH} characters.`);
  if (COMMON.has(lower)) problems.push("This is one of the most common passwords: pick another.");
  if (new Set(password).size < 5) problems.push("Use more different characters.");
  const local = person.email?.split("@")[0]?.toLowerCase();
  const name = person.name?.trim().toLowerCase();
  if ((local && local.length >= 4 && lower.includes(local)) || (person.email && lower === person.email.toLowerCase())) {
    problems.push("Don't use your email address in your password.");
  } else if (name && name.length >= 4 && lower.includes(name.replace(/\s+/g, ""))) {
    problems.push("Don't use your name in your password.");
  }
  return problems;
}
