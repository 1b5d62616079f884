import { describe, expect, it } from "vitest";
import { escapeMrkdwn, markdownToMrkdwn, renderBody, unknownVariables } from "./broadcasts";

const acme = { account: { name: "Acme", tier: "Enterprise", type: "customer" }, contact: null };

describe("a broadcast's body per recipient", () => {
  it("fills the account's and the contact's variables", () => {
    const facts = { ...acme, contact: { name: "Casey  Jones", email: "casey@acme.example" } };
    expect(renderBody("Hi {{contact.first_name}} at {{ account.name }} ({{account.tier}})", facts)).toBe(
      "Hi Casey at Acme (Enterprise)",
    );
  });

  it("takes the fallback when a value is unset, and nothing without one", () => {
    expect(renderBody("Hi {{contact.first_name|there}},{{contact.email}}!", acme)).toBe("Hi there,!");
  });

  it("escapes values for the target, never the template's own markup", () => {
    const facts = { ...acme, account: { ...acme.account, name: "<!here> & co" } };
    expect(renderBody("<https://x.example|{{account.name}}>", facts, escapeMrkdwn)).toBe(
      "<https://x.example|&lt;!here&gt; &amp; co>",
    );
  });

  it("names unknown variables once each", () => {
    expect(unknownVariables("{{account.name}} {{account.arr}} {{foo}} {{account.arr}}")).toEqual([
      "account.arr",
      "foo",
    ]);
  });
});

describe("markdown as Slack shows it", () => {
  it("turns bold, links, headings and bullets into mrkdwn", () => {
    expect(markdownToMrkdwn("# Incident\n**Exports** are slow, see [status](https://status.example)\n- one")).toBe(
      "*Incident*\n*Exports* are slow, see <https://status.example|status>\n• one",
    );
  });
});
