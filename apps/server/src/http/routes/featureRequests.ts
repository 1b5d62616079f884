// The feature-request view (/api/v1/integrations/linear/feature-requests): Linear issues ranked by
// the customer issues and accounts linked to them, with each account's tier and contract value.
import { FeatureRequest, FeatureRequestsQuery, items, replies } from "@switchboard/api";
import { featureRequests } from "../../queries/linear";
import { staffOf } from "../../queries/scope";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { LIST_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function featureRequestRoutes(app: ZodApp, { services }: RouteDeps) {
  const schema = {
    querystring: FeatureRequestsQuery,
    tags: ["linear"],
    response: replies({ 200: items(FeatureRequest) }, ...LIST_ERRORS),
  };
  app.get("/integrations/linear/feature-requests", { preHandler: requirePrincipal, schema }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    return { items: await featureRequests(services.database.db, workspaceId, request.query.status) };
  });
}
