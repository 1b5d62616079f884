// The channels a conversation can arrive through; an issue remembers its own.
export const CHANNEL_KINDS = ["slack", "email", "widget", "portal", "api"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
