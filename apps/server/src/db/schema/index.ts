// The whole schema; drizzle-kit reads this file to generate migrations.
export * from "./agentWork";
export * from "./customers";
export * from "./email";
export * from "./issues";
export * from "./operations";
export * from "./routing";
export * from "./settings";
export * from "./slack";
export * from "./tenancy";
