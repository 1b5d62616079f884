// /kb: knowledge-base collections and articles (markdown, draft/published, public/internal),
// search, suggestions for an issue, and the copilot that answers from them with citations.
import { z } from "zod";
import { AccountType } from "./accounts";
import { IssueNumber } from "./issues";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";

export const ArticleStatus = z.enum(["draft", "published"]);
/** public: the help center and every customer; internal: agents only; account_types: customers of those account types. */
export const ArticleVisibility = z.enum(["public", "internal", "account_types"]);
const ArticleAccountTypes = z.array(AccountType).max(4);
/** Lower-case words joined by dashes: the article's URL on the help center. */
export const Slug = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single dashes");

export const CreateCollectionInput = z.strictObject({
  name: text(200),
  slug: Slug.optional(),
  description: z.string().max(2_000).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export const UpdateCollectionInput = CreateCollectionInput.partial();

export const KbCollection = z.strictObject({
  id: Uuid,
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  position: z.number(),
  articleCount: z.number(),
});
export type KbCollection = Wire<typeof KbCollection>;

export const CreateArticleInput = z.strictObject({
  title: text(300),
  body: z.string().max(200_000).default(""),
  slug: Slug.optional(),
  collectionId: Uuid.nullish(),
  status: ArticleStatus.optional(),
  visibility: ArticleVisibility.optional(),
  /** Who reads an `account_types` article: customers whose account has one of these types. */
  accountTypes: ArticleAccountTypes.optional(),
});
// No default on update: a PATCH without `body` keeps the body (zod keeps a default through partial()).
export const UpdateArticleInput = CreateArticleInput.extend({ body: z.string().max(200_000) }).partial();

export const ArticleListQuery = z.strictObject({
  q: z.string().trim().max(300).optional(),
  collectionId: Uuid.optional(),
  status: ArticleStatus.optional(),
  visibility: ArticleVisibility.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const KbArticleSummary = z.strictObject({
  id: Uuid,
  title: z.string(),
  slug: z.string(),
  collectionId: Uuid.nullable(),
  status: ArticleStatus,
  visibility: ArticleVisibility,
  accountTypes: ArticleAccountTypes,
  revision: z.number(),
  updatedAt: Timestamp,
  publishedAt: Timestamp.nullable(),
  /** Where the article lives on the help center (public and published only). */
  helpUrl: z.string().nullable(),
  /** Search only: relevance (ts_rank) and the matching passage, `<mark>`ed. */
  rank: z.number().optional(),
  highlight: z.string().optional(),
});
export type KbArticleSummary = Wire<typeof KbArticleSummary>;

export const KbArticle = KbArticleSummary.extend({
  body: z.string(),
  /** The body rendered to sanitised HTML. */
  html: z.string(),
  authorId: Uuid.nullable(),
  createdAt: Timestamp,
  /** Earlier slugs: their URLs redirect to this article. */
  formerSlugs: z.array(z.string()),
});
export type KbArticle = Wire<typeof KbArticle>;

export const KbRevision = z.strictObject({
  revision: z.number(),
  title: z.string(),
  body: z.string(),
  status: ArticleStatus,
  visibility: ArticleVisibility,
  /** With visibility `account_types`: who could read this revision. */
  accountTypes: ArticleAccountTypes,
  authorId: Uuid.nullable(),
  createdAt: Timestamp,
});
export type KbRevision = Wire<typeof KbRevision>;

export const PreviewMarkdownInput = z.strictObject({ body: z.string().max(200_000) });
export const PreviewMarkdown = z.strictObject({ html: z.string() });

// ---- copilot ----------------------------------------------------------------------------------

/** Where a sentence of a draft, summary or answer comes from. */
export const Citation = z.strictObject({
  n: z.number(),
  kind: z.enum(["article", "message"]),
  /** The article id or the message id. */
  id: Uuid,
  title: z.string(),
  /** The article section's heading, when the claim comes from one. */
  section: z.string().nullable(),
  url: z.string().nullable(),
  excerpt: z.string(),
});
export type Citation = Wire<typeof Citation>;

export const CopilotResult = z.strictObject({
  decisionId: Uuid,
  /** Markdown with [n] markers pointing into `citations`. */
  text: z.string(),
  citations: z.array(Citation),
  confidence: z.number(),
  provider: z.string(),
  reason: z.string(),
  /** Citations a generative model made to sources it was not given, removed from the text (also on the decision). */
  refusedCitations: z.array(z.string()),
});
export type CopilotResult = Wire<typeof CopilotResult>;

export const CopilotParams = z.strictObject({ number: IssueNumber });
export const CopilotAskInput = z.strictObject({ question: text(1_000) });
export const IssueSuggestionsQuery = z.strictObject({ q: z.string().trim().max(300).optional() });

// ---- knowledge gaps ---------------------------------------------------------------------------

export const GapStatus = z.enum(["open", "drafted", "published", "dismissed"]);
export const CreateGapInput = z.strictObject({
  question: text(1_000),
  issueNumber: IssueNumber.optional(),
  messageId: Uuid.optional(),
});
export const GapListQuery = z.strictObject({
  status: GapStatus.optional(),
  /** Gaps marked in the week starting this day (YYYY-MM-DD, UTC). */
  week: z.iso.date().optional(),
  /** Gaps assigned to this person. */
  assigneeId: Uuid.optional(),
});
export const AssignGapsInput = z.strictObject({
  ids: z.array(Uuid).min(1).max(500),
  /** null: unassign. */
  assigneeId: Uuid.nullable(),
});
/** A draft article from issues resolved before (not only from a gap), citing them. */
export const GenerateArticleInput = z.strictObject({
  issueNumbers: z.array(IssueNumber).min(1).max(20),
  title: text(300).optional(),
});
export const UpdateGapsInput = z.strictObject({
  ids: z.array(Uuid).min(1).max(500),
  status: z.enum(["open", "dismissed"]),
});

export const KnowledgeGap = z.strictObject({
  id: Uuid,
  question: z.string(),
  issueNumber: z.number().nullable(),
  status: GapStatus,
  articleId: Uuid.nullable(),
  assigneeId: Uuid.nullable(),
  createdAt: Timestamp,
});
export type KnowledgeGap = Wire<typeof KnowledgeGap>;

/** Gaps asking much the same question, most asked first. */
export const KnowledgeGapGroup = z.strictObject({
  question: z.string(),
  count: z.number(),
  issueNumbers: z.array(z.number()),
  gaps: z.array(KnowledgeGap),
});
export type KnowledgeGapGroup = Wire<typeof KnowledgeGapGroup>;

// ---- copilot acceptance -----------------------------------------------------------------------

export const CopilotAcceptanceQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(365).default(30),
});
/** What agents did with the copilot's drafts, judged when they sent their reply. */
export const CopilotAcceptance = z.strictObject({
  since: Timestamp,
  drafts: z.number(),
  /** Sent as drafted (similarity ≥ 0.9 over words). */
  accepted: z.number(),
  /** Sent after editing. */
  edited: z.number(),
  /** Replaced by another draft or by the agent's own words. */
  discarded: z.number(),
  /** No reply sent since the draft. */
  pending: z.number(),
  acceptanceRate: z.number().nullable(),
  meanSimilarity: z.number().nullable(),
});
export type CopilotAcceptance = Wire<typeof CopilotAcceptance>;

// ---- article images ---------------------------------------------------------------------------

/** An image for an article, base64 in JSON (the editor's upload); PNG, JPEG, GIF or WebP by its bytes. */
export const UploadArticleImageInput = z.strictObject({
  filename: text(200),
  /** At most 2 MB of image. */
  dataBase64: z
    .string()
    .max(2_800_000)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "base64"),
});
export const KbImage = z.strictObject({
  id: Uuid,
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  /** The agent app's URL; the help center serves the image of a published public article at its own. */
  url: z.string(),
  /** Ready to paste into the article. */
  markdown: z.string(),
});
export type KbImage = Wire<typeof KbImage>;

// ---- articles in the customer portal ----------------------------------------------------------

/** An article as a signed-in portal customer reads it: public ones, and those for their account's type. */
export const PortalHelpArticle = z.strictObject({
  id: Uuid,
  title: z.string(),
  /** The current slug: a former one answers this article, and the page moves to this one. */
  slug: z.string(),
  /** The body rendered to sanitised HTML, images served through the portal. */
  html: z.string(),
  collection: z.string().nullable(),
  updatedAt: Timestamp,
  /** The public help center's URL, when the article is public. */
  helpUrl: z.string().nullable(),
});
export type PortalHelpArticle = Wire<typeof PortalHelpArticle>;
export const PortalHelpArticleParams = z.strictObject({ slug: z.string().trim().min(1).max(200) });
