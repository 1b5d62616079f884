// Linear's API: the connection, its teams and labels under /api/v1/integrations/linear, and an
// issue's links under /api/v1/issues/:number/linear-links. The webhook is linearHooks.ts.
import {
  IdParams,
  IssueNumberParams,
  items,
  LinearConnection,
  LinearConnectionInput,
  LinearConnectionTest,
  LinearLabel,
  LinearLabelsQuery,
  LinearLink,
  LinearLinkInput,
  LinearLinkParams,
  LinearSettingsInput,
  LinearTeam,
  Ok,
  type Presented,
  replies,
  TopicLinearIssue,
  TopicLinearIssueInput,
} from "@switchboard/api";
import * as cmd from "../../commands/linear";
import { publicUrlOf } from "../../config";
import { AppError, invalid, notFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import {
  createLinearIssue,
  type LinearCredentials,
  type LinearIssue,
  linearIssue,
  linearLabels,
  linearTeams,
  linearViewer,
  linkFacts,
} from "../../integrations/linear/client";
import { linearIssueKey } from "../../integrations/linear/identifier";
import { getIssue } from "../../queries/issues";
import * as q from "../../queries/linear";
import { firstCustomerMessage } from "../../queries/linear";
import { staffOf } from "../../queries/scope";
import { getTopic } from "../../queries/topics";
import { principalOf, requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function linearRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["linear"];

  const S = {
    getConnection: { tags, response: replies({ 200: LinearConnection }, ...LIST_ERRORS) },
    putConnection: { body: LinearConnectionInput, tags, response: replies({ 200: LinearConnection }, ...WRITE_ERRORS) },
    deleteConnection: { tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    patchConnection: { body: LinearSettingsInput, tags, response: replies({ 200: LinearConnection }, ...WRITE_ERRORS) },
    testConnection: { tags, response: replies({ 200: LinearConnectionTest }, ...WRITE_ERRORS) },
    getTeams: { tags, response: replies({ 200: items(LinearTeam) }, 400, 401, 403, 409) },
    getLabels: {
      querystring: LinearLabelsQuery,
      tags,
      response: replies({ 200: items(LinearLabel) }, 400, 401, 403, 409),
    },
    deleteLink: { params: LinearLinkParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    getLinks: { params: IssueNumberParams, tags, response: replies({ 200: items(LinearLink) }, ...ITEM_ERRORS) },
    postTopicIssue: {
      params: IdParams,
      body: TopicLinearIssueInput,
      tags: [...tags, "topics"],
      response: replies({ 201: TopicLinearIssue }, ...WRITE_ERRORS),
    },
    postLinks: {
      params: IssueNumberParams,
      body: LinearLinkInput,
      tags,
      response: replies({ 201: LinearLink }, ...WRITE_ERRORS),
    },
  };

  /** The customer's first message, quoted in a new Linear issue (at most 2,000 characters). */
  const customerWords = async (issueId: string) => {
    const [first] = await firstCustomerMessage(db(), issueId);
    return first?.bodyText.slice(0, 2000);
  };

  /** The workspace's Linear credentials, opened; conflict when Linear is not connected. */
  const credentialsOf = async (workspaceId: string): Promise<LinearCredentials> => {
    const connection = await q.linearConnectionOf(db(), workspaceId);
    if (!connection) throw new AppError("conflict", "Connect Linear first (Settings → Linear).");
    return { apiKey: services.secrets.open(connection.apiKeySealed), apiUrl: connection.apiUrl };
  };

  const present = (row: q.LinearConnectionRow | undefined) =>
    presentConnection(row, `${publicUrlOf(services.config)}/hooks/linear`);

  app.get("/integrations/linear", { ...opts, schema: S.getConnection }, async (request) =>
    present(await q.linearConnectionOf(db(), staffOf(scopeOf(request)).workspaceId)),
  );

  app.put("/integrations/linear", { ...opts, schema: S.putConnection }, async (request) => {
    assertCan(principalOf(request).role, "settings.write");
    const { apiKey, webhookSecret } = request.body;
    const apiUrl = request.body.apiUrl ?? services.config.LINEAR_API_URL ?? null;
    // The key is tried before it is stored: a wrong one is refused here, not at first use.
    const { organization } = await linearViewer({ apiKey, apiUrl });
    const row = await command(request, (ctx) =>
      cmd.saveLinearConnection(ctx, {
        apiKeySealed: services.secrets.seal(apiKey),
        webhookSecretSealed: webhookSecret ? services.secrets.seal(webhookSecret) : null,
        apiUrl,
        organizationId: organization.id,
        organizationName: organization.name,
      }),
    );
    return present(row);
  });

  app.patch("/integrations/linear", { ...opts, schema: S.patchConnection }, async (request) => {
    const row = await command(request, (ctx) => cmd.updateLinearSettings(ctx, request.body));
    return present(row);
  });

  app.post("/integrations/linear/test", { ...opts, schema: S.testConnection }, async (request) => {
    const { workspaceId, role } = staffOf(scopeOf(request));
    assertCan(role, "settings.write");
    const { viewer, organization } = await linearViewer(await credentialsOf(workspaceId));
    return { ok: true as const, organizationName: organization.name, viewerName: viewer.name };
  });

  app.delete("/integrations/linear", { ...opts, schema: S.deleteConnection }, async (request) => {
    await command(request, (ctx) => cmd.removeLinearConnection(ctx));
    return { ok: true as const };
  });

  app.get("/integrations/linear/teams", { ...opts, schema: S.getTeams }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    // Not connected: no teams to choose from (the panel offers to connect).
    if (!(await q.linearConnectionOf(db(), workspaceId))) return { items: [] };
    return { items: await linearTeams(await credentialsOf(workspaceId)) };
  });

  app.get("/integrations/linear/labels", { ...opts, schema: S.getLabels }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    const connection = await q.linearConnectionOf(db(), workspaceId);
    const teamId = request.query.teamId ?? connection?.defaultTeamId;
    if (!connection || !teamId) return { items: [] };
    return { items: await linearLabels(await credentialsOf(workspaceId), teamId) };
  });

  app.delete("/issues/:number/linear-links/:id", { ...opts, schema: S.deleteLink }, async (request) => {
    const { number, id } = request.params;
    await command(request, (ctx) => cmd.unlinkLinearIssue(ctx, number, id));
    return { ok: true as const };
  });

  app.get("/issues/:number/linear-links", { ...opts, schema: S.getLinks }, async (request) => {
    const scope = scopeOf(request);
    const { workspaceId } = staffOf(scope);
    const { issue } = await getIssue(db(), scope, request.params.number);
    return { items: (await q.listLinearLinks(db(), workspaceId, issue.id)).map(presentLink) };
  });

  app.post("/issues/:number/linear-links", { ...opts, schema: S.postLinks }, async (request, reply) => {
    const scope = scopeOf(request);
    const { workspaceId, role } = staffOf(scope);
    assertCan(role, "issue.write");
    const { issue } = await getIssue(db(), scope, request.params.number);
    const credentials = await credentialsOf(workspaceId);
    const body = request.body;
    let found: LinearIssue | undefined;
    if ("issue" in body) {
      const key = linearIssueKey(body.issue);
      if (!key) throw invalid("Give a Linear issue key such as ENG-123, or its URL.");
      found = await linearIssue(credentials, key);
      if (!found) throw notFound(`Linear issue ${key}`);
    } else {
      const link = `${publicUrlOf(services.config)}/issues/${issue.number}`;
      const words = await customerWords(issue.id);
      found = await createLinearIssue(credentials, {
        teamId: body.teamId,
        title: body.title ?? issue.title,
        ...(body.labelIds?.length && { labelIds: body.labelIds }),
        description: [
          body.description,
          words && `The customer wrote:\n\n> ${words.replace(/\n/g, "\n> ")}`,
          `From Switchboard: [#${issue.number} ${issue.title}](${link})`,
        ]
          .filter(Boolean)
          .join("\n\n"),
      });
    }
    const facts = linkFacts(found);
    const row = await command(request, (ctx) => cmd.linkLinearIssue(ctx, issue.number, facts));
    reply.status(201);
    return presentLink(row);
  });

  /** One Linear issue for a common topic: the questions quoted, then linked to the topic's recent issues. */
  app.post("/topics/:id/linear-issue", { ...opts, schema: S.postTopicIssue }, async (request, reply) => {
    const scope = scopeOf(request);
    const { workspaceId, role } = staffOf(scope);
    assertCan(role, "issue.write");
    const { topic, questions, issues } = await getTopic(db(), scope, request.params.id, services.now?.() ?? new Date());
    const credentials = await credentialsOf(workspaceId);
    const base = publicUrlOf(services.config);
    const linked = issues.slice(0, TOPIC_LINKS);
    const body = request.body;
    const quoted = questions.slice(0, 5).map((q) => `> ${q.text.slice(0, 300).replace(/\n/g, " ")}`);
    const created = await createLinearIssue(credentials, {
      teamId: body.teamId,
      title: body.title ?? topic.label.charAt(0).toUpperCase() + topic.label.slice(1),
      ...(body.labelIds?.length && { labelIds: body.labelIds }),
      description: [
        body.description,
        `${topic.stats.size} customer questions in the topic “${topic.label}” (${topic.stats.thisWeek} this week). Customers asked:`,
        quoted.join("\n>\n"),
        `Issues in Switchboard:\n${linked.map((i) => `- [#${i.number} ${i.title}](${base}/issues/${i.number})`).join("\n")}`,
        `Topic: ${base}/topics/${topic.id}`,
      ]
        .filter(Boolean)
        .join("\n\n"),
    });
    const facts = linkFacts(created);
    await command(request, async (ctx) => {
      for (const issue of linked) await cmd.linkLinearIssue(ctx, issue.number, facts);
    });
    reply.status(201);
    return {
      linearIssueId: facts.linearIssueId,
      identifier: facts.identifier,
      url: facts.url,
      title: facts.title,
      linked: linked.map((i) => i.number),
    };
  });
}

/** How many of a topic's issues (the most recent) one Linear issue is linked to. */
const TOPIC_LINKS = 50;

function presentConnection(
  row: q.LinearConnectionRow | undefined,
  webhookUrl: string,
): Presented<typeof LinearConnection> {
  if (!row) return { connected: false as const };
  return {
    connected: true as const,
    organizationName: row.organizationName,
    apiUrl: row.apiUrl,
    webhookConfigured: row.webhookSecretSealed !== null,
    webhookUrl,
    defaultTeamId: row.defaultTeamId,
    commentSync: row.commentSync,
    updatedAt: row.updatedAt,
  };
}

function presentLink(row: q.LinearLinkRow): Presented<typeof LinearLink> {
  return {
    id: row.id,
    linearIssueId: row.linearIssueId,
    identifier: row.identifier,
    url: row.url,
    title: row.title,
    stateName: row.stateName,
    stateType: row.stateType,
    createdAt: row.createdAt,
  };
}
