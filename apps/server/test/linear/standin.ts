// A local Linear for tests: speaks the GraphQL wire format of the operations we send (POST
// /graphql, {query, variables} → {data} or {errors}), checks the API key in Authorization,
// records every call, and signs webhook deliveries as Linear does (Linear-Signature).
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { signLinearBody } from "../../src/integrations/linear/verify";

export interface StandinLinearIssue {
  id: string;
  identifier: string;
  url: string;
  title: string;
  description: string;
  teamId: string;
  labelIds: string[];
  state: { name: string; type: string };
}

export class LinearStandin {
  readonly apiKey = `lin_api_${randomBytes(12).toString("hex")}`;
  readonly webhookSecret = `lin_wh_${randomBytes(12).toString("hex")}`;
  readonly organization = { id: randomUUID(), name: "Acme Product" };
  readonly teams = [
    { id: randomUUID(), key: "ENG", name: "Engineering" },
    { id: randomUUID(), key: "DES", name: "Design" },
  ];
  /** Labels by team id; `null` holds the workspace-wide ones every team can use. */
  readonly labels = new Map<string | null, { id: string; name: string; color: string }[]>([
    [null, [{ id: randomUUID(), name: "Feature request", color: "#5e6ad2" }]],
    [
      this.teams[0]?.id ?? "",
      [
        { id: randomUUID(), name: "Bug", color: "#eb5757" },
        { id: randomUUID(), name: "Customer", color: "#4cb782" },
      ],
    ],
  ]);
  readonly issues = new Map<string, StandinLinearIssue>();
  readonly calls: { operation: string; variables: Record<string, unknown> }[] = [];
  private counter = 100;
  private server?: http.Server;
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addIssue(title: string, teamKey = "ENG", state = { name: "Todo", type: "unstarted" }): StandinLinearIssue {
    const team = this.teams.find((t) => t.key === teamKey) ?? this.teams[0];
    if (!team) throw new Error("no team");
    const identifier = `${team.key}-${++this.counter}`;
    const issue = {
      id: randomUUID(),
      identifier,
      url: `https://linear.app/acme/issue/${identifier}/${title.toLowerCase().replace(/\W+/g, "-")}`,
      title,
      description: "",
      teamId: team.id,
      labelIds: [] as string[],
      state,
    };
    this.issues.set(issue.id, issue);
    return issue;
  }

  /** A signed `update` delivery of an issue, as Linear posts it to the webhook URL. */
  webhook(
    issue: StandinLinearIssue,
    options: { deliveryId?: string; secret?: string; timestamp?: number } = {},
  ): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify({
      action: "update",
      type: "Issue",
      organizationId: this.organization.id,
      webhookTimestamp: options.timestamp ?? Date.now(),
      data: {
        id: issue.id,
        identifier: issue.identifier,
        url: issue.url,
        title: issue.title,
        state: { id: randomUUID(), ...issue.state },
      },
      updatedFrom: { stateId: randomUUID() },
    });
    return {
      body,
      headers: {
        "content-type": "application/json",
        "linear-delivery": options.deliveryId ?? randomUUID(),
        "linear-event": "Issue",
        "linear-signature": signLinearBody(body, options.secret ?? this.webhookSecret),
      },
    };
  }

  /** A signed `create` delivery of a comment on `issue` (Linear's Comment webhook). */
  commentWebhook(
    issue: StandinLinearIssue,
    body: string,
    options: { commentId?: string; deliveryId?: string; author?: string } = {},
  ): { body: string; headers: Record<string, string> } {
    const payload = JSON.stringify({
      action: "create",
      type: "Comment",
      organizationId: this.organization.id,
      webhookTimestamp: Date.now(),
      data: {
        id: options.commentId ?? randomUUID(),
        createdAt: new Date().toISOString(),
        body,
        issueId: issue.id,
        userId: randomUUID(),
        user: { id: randomUUID(), name: options.author ?? "Priya Product" },
        issue: { id: issue.id, identifier: issue.identifier, title: issue.title, url: issue.url },
      },
    });
    return {
      body: payload,
      headers: {
        "content-type": "application/json",
        "linear-delivery": options.deliveryId ?? randomUUID(),
        "linear-event": "Comment",
        "linear-signature": signLinearBody(payload, this.webhookSecret),
      },
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method !== "POST" || req.url !== "/graphql") return send(404, { errors: [{ message: "Not found" }] });
    if (req.headers.authorization !== this.apiKey)
      return send(401, { errors: [{ message: "Authentication required, not authenticated" }] });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { query, variables = {} } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const operation = /^(?:query|mutation)\s+(\w+)/.exec(query.trim())?.[1] ?? "";
    this.calls.push({ operation, variables });
    send(200, this.answer(operation, variables));
  }

  private answer(operation: string, variables: Record<string, unknown>): unknown {
    const present = (i: StandinLinearIssue) => ({
      id: i.id,
      identifier: i.identifier,
      url: i.url,
      title: i.title,
      state: i.state,
    });
    switch (operation) {
      case "Viewer":
        return { data: { viewer: { id: randomUUID(), name: "API key owner" }, organization: this.organization } };
      case "Teams":
        return { data: { teams: { nodes: this.teams } } };
      case "Issue": {
        const id = String(variables.id);
        const found = [...this.issues.values()].find((i) => i.id === id || i.identifier === id);
        return found
          ? { data: { issue: present(found) } }
          : { data: null, errors: [{ message: "Entity not found: Issue", extensions: { type: "invalid input" } }] };
      }
      case "IssueLabels": {
        const teamId = String(variables.teamId);
        if (!this.teams.some((t) => t.id === teamId))
          return { data: null, errors: [{ message: "Entity not found: Team" }] };
        return {
          data: { issueLabels: { nodes: [...(this.labels.get(teamId) ?? []), ...(this.labels.get(null) ?? [])] } },
        };
      }
      case "IssueCreate": {
        const input = variables.input as { teamId: string; title: string; description: string; labelIds?: string[] };
        const team = this.teams.find((t) => t.id === input.teamId);
        if (!team) return { data: null, errors: [{ message: "Entity not found: Team" }] };
        const issue = this.addIssue(input.title, team.key, { name: "Triage", type: "triage" });
        issue.description = input.description;
        issue.labelIds = input.labelIds ?? [];
        return { data: { issueCreate: { success: true, issue: present(issue) } } };
      }
      default:
        return { errors: [{ message: `Unknown operation ${operation}` }] };
    }
  }
}
