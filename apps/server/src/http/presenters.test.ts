// A presenter that drifts from its response schema must not reach a client: these run the
// response schemas through the same serializer the HTTP server uses.

import { Issue } from "@switchboard/api";
import { serializerCompiler } from "fastify-type-provider-zod";
import { describe, expect, it } from "vitest";
import type { IssueListRow } from "../queries/issues";
import { presentIssue } from "./presenters";

const serialize = (schema: typeof Issue, data: unknown) =>
  serializerCompiler({ schema, method: "GET", url: "/issues/:number", httpStatus: "200" })(data);

const created = new Date("2026-03-02T09:30:00.000Z");
const row: IssueListRow = {
  issue: {
    id: "5f0c6f8e-3f7a-4f55-9a43-1c1f8a7f0b11",
    workspaceId: "6a1d7f9e-4a8b-4c66-8b54-2d2a9b8a1c22",
    number: 42,
    title: "SSO login loops back to the sign-in page",
    channel: "slack",
    threadKey: "C123:1700000000.000100",
    source: { slackChannelId: "C123" },
    state: "on_you",
    teamId: null,
    assigneeUserId: null,
    assigneeAgentId: null,
    priority: "high",
    prioritySetBy: "ai",
    accountId: null,
    requesterContactId: null,
    tags: ["sso"],
    customFields: {},
    firstResponseAt: null,
    lastMessageAt: created,
    resolvedAt: null,
    lastCustomerMessageAt: created,
    csatScore: null,
    mergedIntoIssueId: null,
    broadcastId: null,
    slaPolicyId: null,
    slaFirstResponseDueAt: null,
    slaNextResponseDueAt: null,
    slaResolutionDueAt: null,
    slaDueAt: null,
    slaBreached: [],
    slaPaused: false,
    slaCheckAt: null,
    slaEvaluatedAt: null,
    titleSearch: null,
    createdAt: created,
    updatedAt: created,
  },
  team: { id: "7b2e8a0f-5b9c-4d77-9c65-3e3bac9b2d33", name: "Support" },
  assignee: null,
  route: null,
  account: null,
  requester: null,
  slaPolicy: null,
  broadcast: null,
};

describe("response serialization", () => {
  it("writes a presented issue with its timestamps as ISO strings", () => {
    const json = JSON.parse(serialize(Issue, presentIssue(row)));
    expect(json.createdAt).toBe("2026-03-02T09:30:00.000Z");
    expect(json.team).toEqual({ id: row.team?.id, name: "Support" });
  });

  it("refuses a field the schema does not declare instead of sending or dropping it", () => {
    const drifted = { ...presentIssue(row), threadKey: "C123:1700000000.000100" };
    expect(() => serialize(Issue, drifted)).toThrow(/doesn't match the schema/);
  });

  it("refuses a declared field that is missing or of the wrong kind", () => {
    const { title: _title, ...untitled } = presentIssue(row);
    expect(() => serialize(Issue, untitled)).toThrow();
    expect(() => serialize(Issue, { ...presentIssue(row), createdAt: "yesterday" })).toThrow();
  });
});
