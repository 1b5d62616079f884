// An agent's file for a reply, uploaded as the composer does it (POST /issues/:n/attachments).
import { expect } from "vitest";
import type { api } from "../harness";

/** A (tiny) real PDF: its bytes say so, whatever the browser declares. */
export const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "latin1");

export async function upload(
  as: ReturnType<typeof api>,
  number: number,
  filename: string,
  content: Buffer,
  contentType = "application/pdf",
): Promise<{ id: string; filename: string; contentType: string; size: number }> {
  const res = await as.post(`/issues/${number}/attachments`, {
    filename,
    contentType,
    dataBase64: content.toString("base64"),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
