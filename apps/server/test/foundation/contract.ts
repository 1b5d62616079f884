// Reading the OpenAPI document as a test sees it: the operations, an example of what each one
// accepts, and hostile variants of every parameter and body field (for the contract fuzz test).
import fc from "fast-check";

export interface JsonSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  nullable?: boolean;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}

export interface Parameter {
  in: "path" | "query" | "header";
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
  /** Statuses the operation documents, with the error codes its error body allows. */
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Omit<Operation, "method" | "path"> & { requestBody?: unknown }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/**
 * The /api/v1 operations. The customer APIs (/widget/api, /portal/api) are documented with the
 * site root as their server and authenticate as customers; their own tests cover them.
 */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths)
    .filter(([, item]) => !("servers" in item))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const requestBody = op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined;
        return {
          method: method.toUpperCase(),
          path,
          parameters: (op.parameters ?? []) as Parameter[],
          body: requestBody?.content?.["application/json"]?.schema,
          responses: op.responses ?? {},
        };
      }),
    );
}

/** Follows `$ref` and `allOf: [one]` to the schema they name. */
export function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    return resolve(doc, doc.components?.schemas?.[name] ?? {});
  }
  if (schema.allOf?.length === 1 && schema.allOf[0]) return { ...resolve(doc, schema.allOf[0]), ...without(schema) };
  return schema;
}

function without(schema: JsonSchema): JsonSchema {
  const { allOf: _allOf, ...rest } = schema;
  return rest;
}

const PATTERN_CANDIDATES = ["abc", "a", "a1", "fuzz_key", "#3366ff", "09:00", "new", "1", "a.b"];

/** A value the schema accepts, as far as a JSON schema can say (formats, enums, bounds, patterns). */
export function exampleOf(doc: OpenApiDocument, raw: JsonSchema, hint = ""): unknown {
  const schema = resolve(doc, raw);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const choice = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (choice) return exampleOf(doc, choice, hint);
  switch (schema.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) {
        const property = schema.properties?.[key];
        if (property) out[key] = exampleOf(doc, property, key);
      }
      return out;
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => exampleOf(doc, schema.items ?? {}, hint));
    case "integer":
    case "number":
      return Math.max(schema.minimum ?? 1, 1);
    case "boolean":
      return true;
    case "string":
      return stringExample(schema, hint);
    default:
      return schema.nullable ? null : {};
  }
}

let serial = 0;
function stringExample(schema: JsonSchema, hint: string): string {
  serial++;
  if (schema.format === "uuid") return "00000000-0000-4000-8000-000000000000";
  if (schema.format === "email" || /email/i.test(hint)) return `fuzz${serial}@fuzz.test`;
  if (schema.format === "date-time") return "2026-01-01T00:00:00.000Z";
  if (schema.format === "uri" || /url/i.test(hint)) return "https://fuzz.test/hook";
  const fits = (s: string) =>
    (!schema.pattern || new RegExp(schema.pattern).test(s)) &&
    s.length >= (schema.minLength ?? 0) &&
    s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);
  const named = `fuzz_${hint.toLowerCase().replace(/[^a-z0-9_]/g, "") || "value"}_${serial}`;
  return [named, ...PATTERN_CANDIDATES].find(fits) ?? named.padEnd(schema.minLength ?? 0, "x");
}

/** Deep nesting that a naive recursive reader would choke on. */
const deep = (depth: number): unknown => {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

/** Fixed-seed samples of what fast-check considers awkward strings (unicode, escapes, long). */
const oddStrings = fc.sample(fc.string({ unit: "binary", maxLength: 40 }), { seed: 23, numRuns: 1 });

/** Hostile stand-ins for one field of a body, by what the field expects. */
export function hostileValues(doc: OpenApiDocument, raw: JsonSchema): [string, unknown][] {
  const schema = resolve(doc, raw);
  const out: [string, unknown][] = [
    ["NUL", "a\u0000b"],
    ["lone surrogate", "\ud800x"],
    ["over its limit", "x".repeat((schema.maxLength ?? 20_000) + 1)],
    ["huge number", 1e308],
    ["null", null],
    ["object with NUL", { nested: { deeper: "\u0000" } }],
    ["deep nesting", deep(1_000)],
    ...oddStrings.map((s, i): [string, unknown] => [`odd string ${i}`, s]),
  ];
  if (schema.type === "array") out.push(["array with NUL", ["ok", "\u0000"]]);
  if (schema.type === "string" && schema.format === "uuid")
    out.push(["unknown id", "11111111-1111-4111-8111-111111111111"]);
  if (schema.type === "object")
    out.push(["NUL key", { "a\u0000": "x" }], ["proto key", JSON.parse('{"__proto__":{"x":1}}')]);
  return out;
}

/** Hostile stand-ins for a path or query parameter, already URL-encoded. */
export const HOSTILE_PARAMS: [string, string][] = [
  ["NUL", "a%00b"],
  ["encoded lone surrogate", "%ED%A0%80x"],
  ["broken percent-encoding", "%E0%A4%A"],
  ["over 100 characters", "9".repeat(150)],
  ["negative", "-1"],
  ["unknown id", "11111111-1111-4111-8111-111111111111"],
];

/** Whole-request hostility: wrong content types, broken or odd JSON, too large, too deep. */
export const HOSTILE_BODIES: [string, { payload?: string; contentType?: string }][] = [
  ["no body with a JSON content type", { payload: "", contentType: "application/json" }],
  ["empty object", { payload: "{}", contentType: "application/json" }],
  ["array", { payload: "[]", contentType: "application/json" }],
  ["null", { payload: "null", contentType: "application/json" }],
  ["broken JSON", { payload: '{"a":', contentType: "application/json" }],
  ["NUL in raw JSON", { payload: '{"a":"\\u0000"}', contentType: "application/json" }],
  ["text/plain", { payload: "hello", contentType: "text/plain" }],
  ["form", { payload: "a=b", contentType: "application/x-www-form-urlencoded" }],
  ["JSON with charset", { payload: "{}", contentType: "application/json; charset=latin1" }],
  ["too large", { payload: `{"a":"${"x".repeat(1_100_000)}"}`, contentType: "application/json" }],
  ["deep nesting", { payload: `${"[".repeat(5_000)}${"]".repeat(5_000)}`, contentType: "application/json" }],
  [
    "proto pollution",
    { payload: '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}', contentType: "application/json" },
  ],
];
