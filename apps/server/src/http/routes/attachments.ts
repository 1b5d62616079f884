// /attachments/:id: downloads for those whose scope may read the attachment's issue. Served with
// the sniffed type, nosniff, and as a download unless the type is safe to show inline.
// /issues/:number/attachments: an agent's file for a reply, sent with it by id (attachmentIds).
import {
  Attachment,
  AttachmentFile,
  IdParams,
  IssueNumberParams,
  replies,
  UploadAttachmentInput,
} from "@switchboard/api";
import { uploadReplyFile } from "../../commands/attachments";
import { notFound } from "../../domain/errors";
import { getAttachment } from "../../queries/email";
import { sendAttachment } from "../attachmentFile";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function attachmentRoutes(app: ZodApp, { services, command }: RouteDeps) {
  app.post(
    "/issues/:number/attachments",
    {
      preHandler: requirePrincipal,
      // The file travels as base64 in JSON: room for 10 MB of file past the app's 1 MB default.
      bodyLimit: 14 * 1024 * 1024,
      schema: {
        params: IssueNumberParams,
        body: UploadAttachmentInput,
        tags: ["attachments"],
        response: replies({ 201: Attachment }, ...WRITE_ERRORS),
      },
    },
    async (request, reply) => {
      const { filename, contentType, dataBase64 } = request.body;
      const ref = await command(request, (ctx) =>
        uploadReplyFile(ctx, request.params.number, {
          filename,
          contentType,
          content: Buffer.from(dataBase64, "base64"),
        }),
      );
      reply.status(201);
      return ref;
    },
  );
  app.get(
    "/attachments/:id",
    {
      preHandler: requirePrincipal,
      schema: {
        params: IdParams,
        tags: ["attachments"],
        response: { 200: AttachmentFile, ...replies({}, ...ITEM_ERRORS) },
      },
    },
    async (request, reply) => {
      const row = await getAttachment(services.database.db, scopeOf(request), request.params.id);
      if (!row) throw notFound("Attachment");
      return sendAttachment(reply, row);
    },
  );
}
