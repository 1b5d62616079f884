// The boundary every HTTP input crosses: the route's zod schema from @switchboard/api, behind the
// rules that hold for all routes (the text rule; an update must change something).
import { somethingToChange, underTextRule } from "@switchboard/api";
import type { FastifySchemaCompiler } from "fastify";
import { validatorCompiler } from "fastify-type-provider-zod";
import type { z } from "zod";

export const boundaryValidator: FastifySchemaCompiler<z.ZodType> = (route) => {
  const schema = route.method === "PATCH" && route.httpPart === "body" ? somethingToChange(route.schema) : route.schema;
  return validatorCompiler({ ...route, schema: underTextRule(schema) });
};
