import { describe, expect, it } from "vitest";
import { classifyMessage, mrkdwnToText, tsToDate } from "./normalise";

const bot = { botUserId: "UBOT", botId: "BBOT" };

describe("Slack message normalisation", () => {
  it("turns mrkdwn links and mentions into plain text", () => {
    expect(
      mrkdwnToText("Hi <@U123|sam>, see <https://x.io|docs> or <https://y.io> in <#C1|general> &amp; <!here>"),
    ).toBe("Hi @sam, see docs (https://x.io) or https://y.io in #general & @here");
  });

  it("classifies messages: bots and our own posts are never ingested", () => {
    const base = { ts: "1.0", user: "U1", channel: "C1" };
    expect(classifyMessage(base, bot)).toBe("content");
    expect(classifyMessage({ ...base, bot_id: "B9" }, bot)).toBe("bot");
    expect(classifyMessage({ ...base, subtype: "bot_message" }, bot)).toBe("bot");
    expect(classifyMessage({ ...base, user: "UBOT" }, bot)).toBe("bot");
    expect(classifyMessage({ ...base, channel_type: "im" }, bot)).toBe("dm");
    expect(classifyMessage({ ...base, subtype: "channel_join" }, bot)).toBe("noise");
    expect(classifyMessage({ ...base, subtype: "file_share" }, bot)).toBe("content");
    expect(classifyMessage({ ...base, subtype: "message_changed" }, bot)).toBe("edit");
    expect(classifyMessage({ ...base, subtype: "message_deleted" }, bot)).toBe("delete");
  });

  it("reads a Slack ts as a time", () => {
    expect(tsToDate("1700000000.123456").toISOString()).toBe("2023-11-14T22:13:20.123Z");
  });
});
