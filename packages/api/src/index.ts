// Zod schemas of the public API (/api/v1), one file per resource: the server validates requests
// and serializes responses with them, OpenAPI is generated from them, clients take their types
// from them. Strict objects: an unknown field is an error, in a request and in a response.
//
// Naming: every response schema `X` comes with `type X = Wire<typeof X>`, the JSON a client
// receives (timestamps as ISO strings). The server's presenters return `Presented<typeof X>`
// (timestamps as Dates); the serializer encodes one into the other and refuses anything else.
// Clients import types only (`import type`), and constants from `@switchboard/api/vocabulary`,
// so zod stays out of their bundles.
export * from "./accountOverview";
export * from "./accounts";
export * from "./aiAgents";
export * from "./analytics";
export * from "./apiTokens";
export * from "./ask";
export * from "./auditLog";
export * from "./auth";
export * from "./broadcasts";
export * from "./bulk";
export * from "./conditionFields";
export * from "./conditions";
export * from "./contacts";
export * from "./crm";
export * from "./customFields";
export * from "./drafts";
export * from "./email";
export * from "./emailDelivery";
export * from "./idempotency";
export * from "./imports";
export * from "./internalThreads";
export * from "./invitations";
export * from "./issues";
export * from "./knowledge";
export * from "./legacyViewFilter";
export * from "./linear";
export * from "./macros";
export * from "./me";
export * from "./messages";
export * from "./notifications";
export * from "./passwordReset";
export * from "./portal";
export * from "./primitives";
export * from "./quarantine";
export * from "./responses";
export * from "./routingTest";
export * from "./sentiment";
export * from "./sla";
export * from "./slack";
export * from "./sso";
export * from "./tags";
export * from "./teams";
export * from "./topics";
export * from "./triggers";
export * from "./users";
export * from "./views";
export * from "./vocabulary";
export * from "./webhooks";
export * from "./widget";
export * from "./workspace";
