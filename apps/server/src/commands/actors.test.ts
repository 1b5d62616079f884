import { describe, expect, it } from "vitest";
import type { Role } from "../domain/permissions";
import { type Actor, aiAgentActor, contactActor, systemActor, tokenActor, triggerActor, userActor } from "./actors";
import { authorize } from "./authorize";
import { actorRef } from "./context";

const person = (role: Role) => ({ userId: "u-1", role, name: "Dana" });
const customer = contactActor({ contactId: "c-1", accountId: "acme" });

describe("actors", () => {
  it("records a token's actions as its owner's, with the token on the actor", () => {
    const actor = tokenActor(person("member"), "t-1");
    expect(actor).toEqual({ type: "user", userId: "u-1", role: "member", name: "Dana", tokenId: "t-1" });
    expect(actorRef(actor)).toEqual({ actorType: "user", actorId: "u-1" });
  });

  it("records a customer by their contact id", () => {
    expect(customer).toEqual({ type: "contact", contactId: "c-1", accountId: "acme" });
    expect(actorRef(customer)).toEqual({ actorType: "contact", actorId: "c-1" });
  });

  it("names AI agents, triggers and the system for the audit trail", () => {
    expect(actorRef(aiAgentActor({ id: "a-1", name: "Router" }))).toEqual({ actorType: "agent", actorId: "a-1" });
    expect(actorRef(triggerActor({ id: "tr-1", name: "Trials" }))).toEqual({ actorType: "trigger", actorId: "tr-1" });
    expect(actorRef(systemActor("email"))).toEqual({ actorType: "system", actorId: null });
  });
});

describe("authorize", () => {
  const run = (actor: Actor, action: Parameters<typeof authorize>[1]) => () => authorize({ actor }, action);
  const refused = expect.objectContaining({ code: "forbidden" });

  it("refuses a customer every agent command, whatever the action", () => {
    for (const action of ["read", "issue.write", "message.write", "account.write", "settings.write"] as const) {
      expect(run(customer, action)).toThrow(refused);
    }
  });

  it("checks a person's role, through a token as in a session", () => {
    expect(run(userActor(person("viewer")), "issue.write")).toThrow(refused);
    expect(run(tokenActor(person("viewer"), "t-1"), "issue.write")).toThrow(refused);
    expect(run(tokenActor(person("member"), "t-1"), "issue.write")).not.toThrow();
  });

  it("lets AI agents, triggers and the system act for the workspace", () => {
    for (const actor of [
      aiAgentActor({ id: "a", name: "R" }),
      triggerActor({ id: "t", name: "T" }),
      systemActor("x"),
    ]) {
      expect(run(actor, "settings.write")).not.toThrow();
    }
  });
});
