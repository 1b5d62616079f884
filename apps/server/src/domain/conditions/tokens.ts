// The tokens of fields that take them (`conditionField(f).tokens`): "me" is whoever looks at the
// view, "none" is unset. The in-memory evaluator and the SQL compiler resolve them alike here.
import { conditionField } from "@switchboard/api";

type Scalar = string | number | boolean;

/** Stands for "me" where nobody looks (triggers): equal to no id. */
const NOBODY = "\u0000nobody";

/** Resolves one value of a leaf on `field`; values of fields without tokens pass unchanged. */
export function tokenResolver(field: string, viewerId: string | undefined): (v: Scalar) => Scalar | null {
  if (!conditionField(field)?.tokens) return (v) => v;
  return (v) => (v === "none" ? null : v === "me" ? (viewerId ?? NOBODY) : v);
}
