import { describe, expect, it } from "vitest";
import { slackChannelName, slackThreadUrl } from "./slack";

describe("a Slack issue's place in Slack", () => {
  const source = {
    slackTeamId: "T024BE7LD",
    slackChannelId: "C0ACME",
    slackChannelName: "acme-support",
    slackThreadTs: "1733472000.000200",
  };

  it("links the thread in Slack's web client by team, channel and root ts", () => {
    expect(slackThreadUrl(source)).toBe(
      "https://app.slack.com/client/T024BE7LD/C0ACME/thread/C0ACME-1733472000.000200",
    );
  });

  it("has no link without the team id or with a malformed ts, and names the channel", () => {
    expect(slackThreadUrl({ ...source, slackTeamId: "" })).toBeNull();
    expect(slackThreadUrl({ ...source, slackThreadTs: "javascript:alert(1)" })).toBeNull();
    expect(slackChannelName(source)).toBe("#acme-support");
    expect(slackChannelName({ slackChannelId: "C0ACME" })).toBe("#C0ACME");
    expect(slackChannelName({})).toBeNull();
  });
});
