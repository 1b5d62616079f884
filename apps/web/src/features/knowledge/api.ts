// The knowledge base's reads and writes, and the copilot's answers for an issue.
import type { CopilotResult, Items, KbArticle, KbArticleSummary, KbCollection, KbRevision } from "@switchboard/api";
import { request } from "../../api/client";

export type ArticleDraft = {
  title: string;
  body: string;
  collectionId: string | null;
  status: "draft" | "published";
  visibility: KbArticleSummary["visibility"];
  accountTypes: KbArticleSummary["accountTypes"];
  slug?: string;
};

export const fetchCollections = () => request<Items<KbCollection>>("/kb/collections").then((r) => r.items);
export const createCollection = (name: string) =>
  request<KbCollection>("/kb/collections", { method: "POST", body: { name } });

export const fetchArticles = (q: string, signal?: AbortSignal) =>
  request<Items<KbArticleSummary>>(`/kb/articles?limit=100${q ? `&q=${encodeURIComponent(q)}` : ""}`, {
    signal,
  }).then((r) => r.items);
export const fetchArticle = (id: string) => request<KbArticle>(`/kb/articles/${id}`);
export const fetchRevisions = (id: string) =>
  request<Items<KbRevision>>(`/kb/articles/${id}/revisions`).then((r) => r.items);
export const createArticle = (draft: ArticleDraft) =>
  request<KbArticle>("/kb/articles", { method: "POST", body: draft });
export const updateArticle = (id: string, draft: Partial<ArticleDraft>) =>
  request<KbArticle>(`/kb/articles/${id}`, { method: "PATCH", body: draft });
export const deleteArticle = (id: string) => request(`/kb/articles/${id}`, { method: "DELETE" });
export const previewMarkdown = (body: string, signal?: AbortSignal) =>
  request<{ html: string }>("/kb/preview", { method: "POST", body: { body }, signal }).then((r) => r.html);

export const fetchSuggestions = (number: number, q: string, signal?: AbortSignal) =>
  request<Items<KbArticleSummary>>(`/issues/${number}/kb/suggestions${q ? `?q=${encodeURIComponent(q)}` : ""}`, {
    signal,
  }).then((r) => r.items);

export const askCopilot = (number: number, what: "draft" | "summary" | "ask", question?: string) =>
  request<CopilotResult>(`/issues/${number}/copilot/${what}`, {
    method: "POST",
    body: what === "ask" ? { question } : {},
  });

export type GapGroup = import("@switchboard/api").KnowledgeGapGroup;
export const fetchGaps = (status: string, week: string, assigneeId = "") =>
  request<Items<GapGroup>>(
    `/knowledge-gaps?${new URLSearchParams({ ...(status && { status }), ...(week && { week }), ...(assigneeId && { assigneeId }) })}`,
  ).then((r) => r.items);
export const assignGaps = (ids: string[], assigneeId: string | null) =>
  request("/knowledge-gaps/assign", { method: "POST", body: { ids, assigneeId } });
export const generateFromIssues = (issueNumbers: number[]) =>
  request<KbArticle>("/kb/articles/generate", { method: "POST", body: { issueNumbers } });
export const markGap = (question: string, issueNumber: number) =>
  request("/knowledge-gaps", { method: "POST", body: { question, issueNumber } });
export const setGapStatus = (ids: string[], status: "open" | "dismissed") =>
  request("/knowledge-gaps/status", { method: "POST", body: { ids, status } });
export const generateFromGap = (id: string) =>
  request<KbArticle>(`/knowledge-gaps/${id}/generate`, { method: "POST", body: {} });

export const fetchAcceptance = (days: number) =>
  request<import("@switchboard/api").CopilotAcceptance>(`/copilot/acceptance?days=${days}`);

/**
 * Uploads an image (base64 in JSON) for an article, or for one not saved yet (null: its first
 * save attaches it); answers the markdown to insert.
 */
export async function uploadImage(articleId: string | null, file: File) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return request<import("@switchboard/api").KbImage>(articleId ? `/kb/articles/${articleId}/images` : "/kb/images", {
    method: "POST",
    body: { filename: file.name || "image", dataBase64: btoa(binary) },
  });
}
