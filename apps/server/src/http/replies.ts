// The error codes a route can answer, by kind of route, for its `schema.response` (with
// `replies` from @switchboard/api): every one of them carries the one error body.

/** A signed-in list: bad query, no session, role. */
export const LIST_ERRORS = [400, 401, 403] as const;
/** A signed-in read of one thing: bad params, no session, role, not found. */
export const ITEM_ERRORS = [400, 401, 403, 404] as const;
/** A signed-in write: bad input, no session, role or CSRF, not found, conflict. */
export const WRITE_ERRORS = [400, 401, 403, 404, 409] as const;
