// The product as separate processes, for fault tests: a server and workers started the way an
// operator starts them (`switchboard start --no-worker`, `switchboard worker`), killed with
// SIGKILL mid-work, on a fresh PostgreSQL database of the test server (databases.ts). Free of
// vitest: the benches start the product with it too.
import { type ChildProcess, spawn } from "node:child_process";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import WebSocket from "ws";

const CLI = path.resolve(import.meta.dirname, "../../src/cli.ts");

/**
 * Node's arguments for `switchboard ARGS`: the server bundle the test run built (globalSetup.ts puts
 * it in SWITCHBOARD_TEST_CLI), else the sources through tsx (the benches; a file run on its own).
 */
export function switchboardArgs(args: readonly string[]): string[] {
  const bundle = process.env.SWITCHBOARD_TEST_CLI;
  return bundle ? [bundle, ...args] : ["--import", "tsx", CLI, ...args];
}

export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it wrote (stdout and stderr), for conditions and for failure messages. */
  output(): string;
  /** Resolves once its output matches `pattern`; fails if it exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startProcess(name: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, switchboardArgs(args), {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const watchers = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    for (const watch of watchers) watch();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => {
    done = true;
    for (const watch of watchers) watch();
  });
  return {
    name,
    child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 240_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`${name}: no ${pattern} in ${timeoutMs} ms:\n${text}`)),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          clearTimeout(timer);
          watchers.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (pattern.test(text)) finish();
          else if (done) finish(new Error(`${name} exited before ${pattern}:\n${text}`));
        };
        watchers.add(check);
        check();
      });
    },
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A TCP port nobody listens on right now. */
/** What each role prints once it serves (`start --no-worker`) or consumes jobs (`worker`). */
const READY = { server: /Switchboard is running/, worker: /Switchboard worker is consuming jobs/ } as const;

/**
 * Starts a server (`start --no-worker`) or a worker (`worker`) and resolves once it is ready;
 * `started` collects it for the test's cleanup.
 */
export async function startReady(
  started: Proc[],
  role: keyof typeof READY,
  name: string,
  env: Record<string, string>,
): Promise<Proc> {
  const proc = startProcess(name, role === "server" ? ["start", "--no-worker"] : ["worker"], env);
  started.push(proc);
  await proc.waitFor(READY[role]);
  return proc;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An API client over real HTTP, signed in with a session cookie and its CSRF token. */
export async function httpSession(baseUrl: string, email: string, password: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}/api/v1${url}`, {
      method,
      headers: {
        cookie,
        "x-csrf-token": csrfToken,
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text, json: () => JSON.parse(text) as unknown };
  };
  return {
    cookie,
    get: (url: string) => call("GET", url),
    post: (url: string, body: unknown) => call("POST", url, body),
    patch: (url: string, body: unknown) => call("PATCH", url, body),
  };
}

/** Polls `probe` until it returns a value; fails after `timeoutMs` with the last value seen. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type Frame = Record<string, unknown>;

/** A websocket to the agent app's realtime endpoint that records every frame it receives. */
export async function watchRealtime(baseUrl: string, cookie: string) {
  const socket = new WebSocket(`${baseUrl.replace("http", "ws")}/ws`, { headers: { cookie } });
  const frames: Frame[] = [];
  socket.on("message", (data) => frames.push(JSON.parse(data.toString()) as Frame));
  await new Promise((resolve, reject) => {
    socket.on("open", resolve);
    socket.on("error", reject);
  });
  return {
    frames,
    isOpen: () => socket.readyState === socket.OPEN,
    /** The first frame after index `from` that matches, once it has arrived. */
    next: (match: (frame: Frame) => boolean, from = 0) =>
      eventually(async () => frames.slice(from).find(match) ?? false),
    close: () => socket.close(),
  };
}
