// Linear's GraphQL API as we call it: POST {base}/graphql with the API key in Authorization (how
// Linear takes personal keys), queries and mutations exactly as Linear's schema names them.
// The base URL is configurable (LINEAR_API_URL, or per connection) so tests run a stand-in.
import { z } from "zod";
import { AppError } from "../../domain/errors";

export const LINEAR_API_URL = "https://api.linear.app";

export interface LinearCredentials {
  apiKey: string;
  apiUrl: string | null;
}

const IssueFields = "id identifier url title state { name type }";

/** An issue as Linear answers it, by API or in a webhook's `data`. */
export const LinearIssue = z.object({
  id: z.string(),
  identifier: z.string(),
  url: z.string(),
  title: z.string(),
  state: z.object({ name: z.string(), type: z.string() }),
});
export type LinearIssue = z.infer<typeof LinearIssue>;

/** The facts a link stores, from an issue as Linear answers it (API or webhook). */
export const linkFacts = (issue: LinearIssue) => ({
  linearIssueId: issue.id,
  identifier: issue.identifier,
  url: issue.url,
  title: issue.title,
  stateName: issue.state.name,
  stateType: issue.state.type,
});

async function graphql<T extends z.ZodType>(
  credentials: LinearCredentials,
  schema: T,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<z.infer<T>> {
  const base = (credentials.apiUrl ?? LINEAR_API_URL).replace(/\/+$/, "");
  let response: Response;
  try {
    response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: credentials.apiKey },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new AppError("conflict", `Linear could not be reached: ${error instanceof Error ? error.message : error}`);
  }
  if (response.status === 401 || response.status === 403)
    throw new AppError("conflict", "Linear refused the API key. Check it in Settings → Linear.");
  const body = (await response.json().catch(() => null)) as { data?: unknown; errors?: { message?: string }[] } | null;
  if (body?.errors?.length) throw new AppError("conflict", `Linear answered: ${body.errors[0]?.message ?? "an error"}`);
  if (!response.ok || !body) throw new AppError("conflict", `Linear answered HTTP ${response.status}.`);
  const parsed = schema.safeParse(body.data);
  if (!parsed.success) throw new AppError("conflict", "Linear answered in a shape we do not understand.");
  return parsed.data;
}

export async function linearViewer(credentials: LinearCredentials) {
  const data = await graphql(
    credentials,
    z.object({
      viewer: z.object({ id: z.string(), name: z.string() }),
      organization: z.object({ id: z.string(), name: z.string() }),
    }),
    "query Viewer { viewer { id name } organization { id name } }",
  );
  return data;
}

export async function linearTeams(credentials: LinearCredentials) {
  const data = await graphql(
    credentials,
    z.object({ teams: z.object({ nodes: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })) }) }),
    "query Teams { teams(first: 100) { nodes { id key name } } }",
  );
  return data.teams.nodes;
}

/** The labels an issue of the team can take: the team's own and the workspace-wide ones. */
export async function linearLabels(credentials: LinearCredentials, teamId: string) {
  const data = await graphql(
    credentials,
    z.object({
      issueLabels: z.object({
        nodes: z.array(z.object({ id: z.string(), name: z.string(), color: z.string().nullable().optional() })),
      }),
    }),
    `query IssueLabels($teamId: ID!) { issueLabels(first: 250, filter: { or: [{ team: { id: { eq: $teamId } } }, { team: { null: true } }] }) { nodes { id name color } } }`,
    { teamId },
  );
  return data.issueLabels.nodes.map((l) => ({ id: l.id, name: l.name, color: l.color ?? null }));
}

/** Linear's `issue(id:)` takes the UUID or the key ("ENG-123"). */
export async function linearIssue(credentials: LinearCredentials, idOrKey: string): Promise<LinearIssue | undefined> {
  try {
    const data = await graphql(
      credentials,
      z.object({ issue: LinearIssue.nullable() }),
      `query Issue($id: String!) { issue(id: $id) { ${IssueFields} } }`,
      { id: idOrKey },
    );
    return data.issue ?? undefined;
  } catch (error) {
    // Linear answers an unknown key with an "Entity not found" error.
    if (error instanceof AppError && /not found/i.test(error.message)) return undefined;
    throw error;
  }
}

export async function createLinearIssue(
  credentials: LinearCredentials,
  input: { teamId: string; title: string; description: string; labelIds?: string[] },
): Promise<LinearIssue> {
  const data = await graphql(
    credentials,
    z.object({ issueCreate: z.object({ success: z.boolean(), issue: LinearIssue.nullable() }) }),
    `mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { ${IssueFields} } } }`,
    { input },
  );
  if (!data.issueCreate.success || !data.issueCreate.issue)
    throw new AppError("conflict", "Linear did not create the issue.");
  return data.issueCreate.issue;
}

export const LinearWebhook = z.object({
  action: z.string(),
  type: z.string(),
  organizationId: z.string().optional(),
  webhookTimestamp: z.number().optional(),
  data: z.unknown(),
});

/** A comment as Linear's `Comment` webhook carries it in `data`. */
export const LinearComment = z.object({
  id: z.string(),
  body: z.string(),
  issueId: z.string(),
  user: z.object({ name: z.string() }).nullish(),
  botActor: z.object({ name: z.string().nullish() }).nullish(),
});
export type LinearComment = z.infer<typeof LinearComment>;
