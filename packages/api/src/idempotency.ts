// The `Idempotency-Key` request header of authenticated writes: a client's own name for one write,
// sent again with each retry of it, so a retry after a lost answer replays the first outcome
// instead of applying the write twice (the server's hooks in apps/server/src/http/idempotency.ts).
import { z } from "zod";

/** 1–255 visible ASCII characters (no spaces): a UUID per write, reused by its retries, is the usual choice. */
export const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, "1–255 visible ASCII characters, no spaces")
  .meta({
    description:
      "Optional. Names this write so a retry is applied at most once: the same key with the same request " +
      "within 24 hours answers the first response again (header `Idempotent-Replayed: true`); the same key " +
      "with another request answers 422 `idempotency_key_reused`, while the first still runs 409 " +
      "`idempotency_request_in_progress`. Keys belong to the caller (user or API token) in its workspace.",
  });

/** Every other header passes through untouched: only the key is checked. */
export const IdempotencyHeaders = z.looseObject({ "idempotency-key": IdempotencyKey.optional() });
