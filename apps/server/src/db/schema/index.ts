// The whole schema; drizzle-kit reads this file to generate migrations.
export * from "./accountLinks";
export * from "./analytics";
export * from "./customers";
export * from "./customFields";
export * from "./drafts";
export * from "./email";
export * from "./issues";
export * from "./loginThrottle";
export * from "./macros";
export * from "./notifications";
export * from "./operations";
export * from "./routing";
export * from "./sla";
export * from "./slack";
export * from "./tags";
export * from "./tenancy";
export * from "./views";
