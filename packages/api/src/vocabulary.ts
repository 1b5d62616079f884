// The words of the API as plain constants, free of zod, so the web app can import them
// without pulling the schema library into its bundle.
export const issueStates = ["new", "on_you", "on_customer", "on_hold", "closed"] as const;
export const priorities = ["urgent", "high", "medium", "low", "none"] as const;
export const channels = ["slack", "email", "widget", "portal", "api"] as const;

export const TRIGGER_EVENTS = ["issue_created", "message_received", "issue_changed", "no_reply"] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

// The condition language's operators live with its field catalog.
export { CONDITION_OPS, type ConditionOp } from "./conditionFields";
