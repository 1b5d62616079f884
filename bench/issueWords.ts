// The words bench issues are titled with (bench:api, bench:scale): the search benches look them up.
import type { Priority } from "../apps/server/src/domain/lifecycle";

export const WORDS = [
  "export",
  "sync",
  "invoice",
  "salesforce",
  "webhook",
  "timeout",
  "login",
  "schema",
  "billing",
  "migration",
];
export const OBJECTS = [
  "failing",
  "slow",
  "missing rows",
  "question",
  "error 500",
  "duplicate",
  "not updating",
  "permission",
];
export const PRIORITIES: Priority[] = ["urgent", "high", "medium", "low", "none"];
