// Email set-up in the app (admin settings): /email/settings (outbound SMTP, test mail, DKIM) and
// /inboxes/:id/setup and /inboxes/:id/check (how mail reaches an inbox; did the test mail arrive).
import {
  DkimInput,
  EmailSettings,
  EmailSettingsInput,
  EmailTestInput,
  EmailTestResult,
  IdParams,
  InboxCheckResult,
  InboxSetup,
  type Presented,
  replies,
} from "@switchboard/api";
import type { FastifyRequest } from "fastify";
import { DEFAULT_PORTS, NoTransport, outboundTransport, sendWorkspaceMail } from "../../channels/email/transport";
import { type EmailSettingsRow, saveSmtpSettings, setDkimKey, startInboxCheck } from "../../commands/emailSettings";
import type { Config } from "../../config";
import { dkimRecord, generateDkimKey } from "../../domain/email/dkim";
import { conflict, notFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import { type InboxRow, listInboxes } from "../../queries/email";
import { emailSettingsOf, inboxOf } from "../../queries/emailSettings";
import { principalOf, requirePrincipal } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function emailSettingsRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["email"];
  const admin = (request: FastifyRequest) => {
    const p = principalOf(request);
    assertCan(p.role, "settings.write");
    return p;
  };

  const S = {
    getEmailSettings: { tags, response: replies({ 200: EmailSettings }, ...LIST_ERRORS) },
    putEmailSettings: { body: EmailSettingsInput, tags, response: replies({ 200: EmailSettings }, ...WRITE_ERRORS) },
    postEmailSettingsTest: {
      body: EmailTestInput,
      tags,
      response: replies({ 200: EmailTestResult }, ...WRITE_ERRORS),
    },
    putEmailSettingsDkim: { body: DkimInput, tags, response: replies({ 200: EmailSettings }, ...WRITE_ERRORS) },
    deleteEmailSettingsDkim: { tags, response: replies({ 200: EmailSettings }, ...WRITE_ERRORS) },
    getInboxesIdSetup: { params: IdParams, tags, response: replies({ 200: InboxSetup }, ...ITEM_ERRORS) },
    postInboxesIdCheck: { params: IdParams, tags, response: replies({ 200: InboxCheckResult }, ...WRITE_ERRORS) },
  };

  app.get("/email/settings", { ...opts, schema: S.getEmailSettings }, async (request) =>
    presentSettings(services.config, await emailSettingsOf(db(), admin(request).workspaceId)),
  );

  app.put("/email/settings", { ...opts, schema: S.putEmailSettings }, async (request) => {
    admin(request);
    const { host, port, security, user, password } = request.body;
    const passwordSealed = password === undefined ? undefined : password ? services.secrets.seal(password) : null;
    const row = await command(request, (ctx) =>
      saveSmtpSettings(ctx, {
        host,
        port: port ?? DEFAULT_PORTS[security],
        security,
        user: user || null,
        passwordSealed,
      }),
    );
    return presentSettings(services.config, row);
  });

  app.post("/email/settings/test", { ...opts, schema: S.postEmailSettingsTest }, async (request) => {
    const p = admin(request);
    const outbound = await outboundTransport(services, p.workspaceId);
    if (!outbound) throw conflict(new NoTransport().message);
    const from = await testSender(services, p.workspaceId, request.body.to);
    try {
      const info = await sendWorkspaceMail(services, p.workspaceId, {
        from,
        to: request.body.to,
        subject: "Switchboard test mail",
        text: "This test mail was sent from Switchboard's outgoing email settings. It arrived: they work.",
      });
      return {
        ok: info.rejected.length === 0,
        via: info.via,
        response: info.response ?? null,
        accepted: info.accepted.map(String),
        rejected: info.rejected.map(String),
        error: null,
        dkimSigned: info.dkimSigned,
      };
    } catch (error) {
      const e = error as { message?: string; response?: string };
      return {
        ok: false,
        via: outbound.via,
        response: typeof e.response === "string" ? e.response : null,
        accepted: [],
        rejected: [request.body.to],
        error: e.message ?? String(error),
        dkimSigned: false,
      };
    }
  });

  app.put("/email/settings/dkim", { ...opts, schema: S.putEmailSettingsDkim }, async (request) => {
    admin(request);
    const key = generateDkimKey();
    const row = await command(request, (ctx) =>
      setDkimKey(ctx, {
        domain: request.body.domain,
        selector: request.body.selector,
        privateKeySealed: services.secrets.seal(key.privateKey),
        publicKey: key.publicKey,
      }),
    );
    return presentSettings(services.config, row);
  });

  app.delete("/email/settings/dkim", { ...opts, schema: S.deleteEmailSettingsDkim }, async (request) =>
    presentSettings(services.config, await command(request, (ctx) => setDkimKey(ctx, null))),
  );

  app.get("/inboxes/:id/setup", { ...opts, schema: S.getInboxesIdSetup }, async (request) => {
    const inbox = await inboxOf(db(), admin(request).workspaceId, request.params.id);
    if (!inbox) throw notFound("Inbox");
    return presentSetup(services.config, inbox);
  });

  app.post("/inboxes/:id/check", { ...opts, schema: S.postInboxesIdCheck }, async (request) => {
    const p = admin(request);
    const inbox = await command(request, (ctx) => startInboxCheck(ctx, request.params.id));
    const token = inbox.checkToken ?? "";
    const from = await testSender(services, p.workspaceId, inbox.address);
    const sendError = await sendWorkspaceMail(services, p.workspaceId, {
      from,
      to: inbox.address,
      subject: `Switchboard inbox check [${token}]`,
      text: `This mail checks that mail to ${inbox.address} reaches Switchboard. It makes no issue.`,
    }).then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    return { ...presentSetup(services.config, inbox), sent: sendError === null, sendError };
  });
}

/**
 * The test mail's sender: an inbox of the workspace on another address than the recipient when
 * there is one (a mail from the inbox to itself looks like a loop to some providers).
 */
async function testSender(services: RouteDeps["services"], workspaceId: string, to: string) {
  const inboxes = await listInboxes(services.database.db, workspaceId);
  const pick = inboxes.find((i) => i.address !== to) ?? inboxes[0];
  return { name: "Switchboard", address: pick?.address ?? `switchboard@${to.slice(to.indexOf("@") + 1)}` };
}

function presentSettings(config: Config, row: EmailSettingsRow | undefined): Presented<typeof EmailSettings> {
  const environment = config.SMTP_URL ? withoutPassword(config.SMTP_URL) : null;
  return {
    active: environment ? "environment" : row?.smtpHost ? "settings" : "none",
    environment,
    host: row?.smtpHost ?? null,
    port: row?.smtpPort ?? null,
    security: row?.smtpSecurity ?? "starttls",
    user: row?.smtpUser ?? null,
    passwordSet: Boolean(row?.smtpPasswordSealed),
    dkim:
      row?.dkimDomain && row.dkimSelector && row.dkimPublicKey
        ? {
            domain: row.dkimDomain,
            selector: row.dkimSelector,
            record: dkimRecord(row.dkimDomain, row.dkimSelector, row.dkimPublicKey),
          }
        : null,
    updatedAt: row?.updatedAt ?? null,
  };
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    // Not a URL nodemailer would take either; show only that it is set.
    return "(set)";
  }
}

function presentSetup(config: Config, inbox: InboxRow): Presented<typeof InboxSetup> {
  const host = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).hostname : null;
  const domain = inbox.address.slice(inbox.address.indexOf("@") + 1);
  return {
    inboxId: inbox.id,
    address: inbox.address,
    listener: { host, port: config.SMTP_PORT, bind: config.SMTP_HOST },
    mxRecord: host ? `${domain}. IN MX 10 ${host}.` : null,
    check:
      inbox.checkToken && inbox.checkSentAt
        ? { subjectToken: `[${inbox.checkToken}]`, sentAt: inbox.checkSentAt, arrivedAt: inbox.checkArrivedAt }
        : null,
  };
}
