// A login attempt as the throttle sees it: from a known device (its own bucket) or from anywhere
// else (the account's and the address's buckets). Every failure is reported to the caller's log.
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/connect";
import { loginDevices, users } from "../db/schema";
import { AppError } from "../domain/errors";
import { LOGIN_POLICIES } from "../domain/throttle";
import { hashSecret, login, type SessionClient } from "./auth";
import { type Bucket, settleSuccess, takeAttempt } from "./throttle";

export interface LoginAttempt {
  email: string;
  password: string;
  /** The client's address as the configured proxies report it (TRUST_PROXY). */
  address: string;
  /** The device cookie a browser that logged in before sends back. */
  deviceToken?: string;
  /** What the session list shows about this client (browser, address). */
  client?: SessionClient;
}

export interface LoginFailure {
  email: string;
  address: string;
  knownDevice: boolean;
  reason: "wrong_credentials" | "throttled";
}

export async function attemptLogin(
  db: Db,
  attempt: LoginAttempt,
  options: { ttlHours: number; failuresPerAddress: number },
  onFailure: (failure: LoginFailure) => void,
) {
  const email = attempt.email.trim().toLowerCase();
  const device = attempt.deviceToken ? await knownDevice(db, attempt.deviceToken, email) : undefined;
  // The bucket a success resets comes first: the device's, or the account's.
  const buckets: Bucket[] = device
    ? [{ key: `device:${device}`, policy: LOGIN_POLICIES.device }]
    : [
        { key: `account:${email}`, policy: LOGIN_POLICIES.account },
        {
          key: `address:${attempt.address}`,
          policy: { ...LOGIN_POLICIES.address, freeFailures: options.failuresPerAddress },
        },
      ];
  const [own] = buckets;
  const failure = { email, address: attempt.address, knownDevice: device !== undefined };
  const wait = await takeAttempt(db, buckets);
  if (wait) {
    onFailure({ ...failure, reason: "throttled" });
    const seconds = Math.max(1, Math.ceil((wait.getTime() - Date.now()) / 1000));
    throw new AppError("rate_limited", `Too many failed logins; retry in ${seconds} s.`, {
      retryAfterSeconds: seconds,
    });
  }
  const result = await login(db, email, attempt.password, options.ttlHours, attempt.client).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "unauthenticated")
      onFailure({ ...failure, reason: "wrong_credentials" });
    throw error;
  });
  // The right password: this attempt does not count, and the account (or this device) starts over.
  await settleSuccess(db, buckets, own ? [own.key] : []);
  const deviceToken = await rememberDevice(db, result.user, device ? attempt.deviceToken : undefined);
  return { ...result, deviceToken };
}

/** The device's key when `token` is a device that logged in to this email's user before. */
async function knownDevice(db: Db, token: string, email: string): Promise<string | undefined> {
  const tokenHash = hashSecret(token);
  const [row] = await db
    .select({ tokenHash: loginDevices.tokenHash })
    .from(loginDevices)
    .innerJoin(users, eq(users.id, loginDevices.userId))
    .where(and(eq(loginDevices.tokenHash, tokenHash), sql`lower(${users.email}) = ${email}`));
  return row?.tokenHash;
}

/** Keeps the device's token (or issues one) for the user who just logged in. */
async function rememberDevice(
  db: Db,
  user: { id: string; workspaceId: string },
  token: string | undefined,
): Promise<string> {
  const value = token ?? `sbd_${randomBytes(32).toString("base64url")}`;
  await db
    .insert(loginDevices)
    .values({ tokenHash: hashSecret(value), userId: user.id, workspaceId: user.workspaceId, lastLoginAt: new Date() })
    .onConflictDoUpdate({ target: loginDevices.tokenHash, set: { lastLoginAt: new Date() } });
  return value;
}
