// One article: title, collection, visibility, the markdown with a toolbar (headings, lists,
// links, images, code; ⌘B / ⌘I / ⌘K) and its rendered preview, save as draft or publish, and
// the revision history.
import type { KbCollection, KbRevision } from "@switchboard/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { showError, showToast } from "../../ui/toasts";
import { useDebouncedValue } from "../../ui/useDebouncedValue";
import {
  type ArticleDraft,
  createArticle,
  deleteArticle,
  fetchArticle,
  fetchRevisions,
  previewMarkdown,
  updateArticle,
  uploadImage,
} from "./api";
import { applyFormat, type Format } from "./format";

const EMPTY: ArticleDraft = {
  title: "",
  body: "",
  collectionId: null,
  status: "draft",
  visibility: "public",
  accountTypes: [],
};
const VISIBILITIES: Record<ArticleDraft["visibility"], string> = {
  public: "Everyone (help center)",
  account_types: "Customers of some account types",
  internal: "Agents only",
};
const ACCOUNT_TYPES = ["customer", "trial", "prospect", "churned"] as const;
const isVisibility = (v: string): v is ArticleDraft["visibility"] => v in VISIBILITIES;

export function ArticleEditor({ id, collections }: { id: string | null; collections: KbCollection[] }) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const article = useQuery({ queryKey: ["kb-article", id], queryFn: () => fetchArticle(id ?? ""), enabled: !!id });
  const [draft, setDraft] = useState<ArticleDraft | null>(id ? null : EMPTY);
  const [history, setHistory] = useState(false);
  const body = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (article.data && !draft) {
      const a = article.data;
      setDraft({
        title: a.title,
        body: a.body,
        collectionId: a.collectionId,
        status: a.status,
        visibility: a.visibility,
        accountTypes: a.accountTypes,
      });
    }
  }, [article.data, draft]);

  const save = useMutation({
    mutationFn: (d: ArticleDraft) => (id ? updateArticle(id, d) : createArticle(d)),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: ["kb-articles"] });
      queryClient.invalidateQueries({ queryKey: ["kb-collections"] });
      queryClient.setQueryData(["kb-article", saved.id], saved);
      queryClient.invalidateQueries({ queryKey: ["kb-revisions", saved.id] });
      showToast(saved.status === "published" ? "Published" : "Draft saved");
      if (!id) navigate(`/knowledge/${saved.id}`);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteArticle(id ?? ""),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ["kb-articles"] });
      navigate("/knowledge");
    },
    onError: (error) => showError("Could not delete", error),
  });

  if (id && article.isError) return <ErrorNotice error={article.error} onRetry={() => article.refetch()} />;
  if (!draft) return <p className="state-line">Loading article…</p>;

  const set = (patch: Partial<ArticleDraft>) => setDraft({ ...draft, ...patch });
  const format = (f: Format) => {
    const el = body.current;
    if (!el) return;
    const next = applyFormat(draft.body, el.selectionStart, el.selectionEnd, f);
    set({ body: next.text });
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.start, next.end);
    });
  };
  const submit = (status: ArticleDraft["status"]) => {
    if (!draft.title.trim()) return showError("An article needs a title", null);
    save.mutate({ ...draft, status });
  };
  const published = article.data?.status === "published";
  /** The uploaded image's markdown goes where the cursor is. */
  const insertImage = async (file: File) => {
    try {
      const image = await uploadImage(id, file);
      const el = body.current;
      const at = el ? el.selectionStart : draft.body.length;
      set({ body: `${draft.body.slice(0, at)}\n${image.markdown}\n${draft.body.slice(at)}` });
    } catch (error) {
      showError("Could not upload the image", error);
    }
  };

  return (
    <form
      className="kb-editor"
      aria-label="Article editor"
      onSubmit={(e) => {
        e.preventDefault();
        submit(draft.status);
      }}
      onKeyDown={(e) => {
        if ((e.metaKey || e.ctrlKey) && e.key === "s") {
          e.preventDefault();
          submit(draft.status);
        }
      }}
    >
      <input
        className="kb-title"
        aria-label="Title"
        placeholder="Article title"
        value={draft.title}
        onChange={(e) => set({ title: e.target.value })}
      />
      <div className="kb-meta">
        <label>
          Collection{" "}
          <select value={draft.collectionId ?? ""} onChange={(e) => set({ collectionId: e.target.value || null })}>
            <option value="">None</option>
            {collections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Visible to{" "}
          <select
            value={draft.visibility}
            onChange={(e) => {
              const v = e.target.value;
              if (isVisibility(v)) set({ visibility: v });
            }}
          >
            {Object.entries(VISIBILITIES).map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {draft.visibility === "account_types" && (
          <fieldset className="kb-account-types" aria-label="Account types">
            {ACCOUNT_TYPES.map((t) => (
              <label key={t}>
                <input
                  type="checkbox"
                  checked={draft.accountTypes.includes(t)}
                  onChange={(e) =>
                    set({
                      accountTypes: e.target.checked
                        ? [...draft.accountTypes, t]
                        : draft.accountTypes.filter((x) => x !== t),
                    })
                  }
                />{" "}
                {t}
              </label>
            ))}
          </fieldset>
        )}
        <span className={`kb-badge ${draft.status === "draft" ? "draft" : "live"}`}>{draft.status}</span>
        {article.data?.helpUrl && (
          <a href={article.data.helpUrl} target="_blank" rel="noreferrer">
            View on help center ↗
          </a>
        )}
        {article.data && <span className="muted">revision {article.data.revision}</span>}
      </div>
      <div className="kb-toolbar" role="toolbar" aria-label="Formatting">
        {TOOLS.map(([f, label, hint]) => (
          <button key={f} type="button" className="tool" title={hint} aria-label={hint} onClick={() => format(f)}>
            {label}
          </button>
        ))}
        <label className="tool kb-upload" title="Upload an image (or paste one into the body)">
          Upload image
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            aria-label="Upload an image"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (file) void insertImage(file);
            }}
          />
        </label>
      </div>
      <div className="kb-split">
        <textarea
          ref={body}
          aria-label="Article body (markdown)"
          placeholder={"Write in markdown: ## headings, 1. steps, [links](https://…), ```code```"}
          value={draft.body}
          onChange={(e) => set({ body: e.target.value })}
          onPaste={(e) => {
            // A pasted screenshot becomes an uploaded image (a new article's first save attaches it).
            const file = [...e.clipboardData.files].find((f) => f.type.startsWith("image/"));
            if (!file) return;
            e.preventDefault();
            void insertImage(file);
          }}
          onKeyDown={(e) => {
            if (!(e.metaKey || e.ctrlKey)) return;
            const f = e.key === "b" ? "bold" : e.key === "i" ? "italic" : e.key === "k" ? "link" : null;
            if (f) {
              e.preventDefault();
              format(f);
            }
          }}
        />
        <Preview body={draft.body} />
      </div>
      {save.isError && <ErrorNotice error={save.error} />}
      <div className="kb-actions">
        <button type="button" className="button" disabled={save.isPending} onClick={() => submit("draft")}>
          {published ? "Unpublish" : "Save draft"}
        </button>
        <button type="button" className="button primary" disabled={save.isPending} onClick={() => submit("published")}>
          {save.isPending ? "Saving…" : published ? "Update" : "Publish"}
        </button>
        <span className="muted small">⌘S saves</span>
        <span className="grow" />
        {id && (
          <>
            <button
              type="button"
              className="button small"
              onClick={() => setHistory((h) => !h)}
              aria-expanded={history}
            >
              History
            </button>
            <button
              type="button"
              className="button small danger"
              onClick={() => window.confirm("Delete this article?") && remove.mutate()}
            >
              Delete
            </button>
          </>
        )}
      </div>
      {id && history && (
        <Revisions
          id={id}
          onRestore={(r) =>
            set({ title: r.title, body: r.body, visibility: r.visibility, accountTypes: [...r.accountTypes] })
          }
        />
      )}
    </form>
  );
}

const TOOLS: [Format, string, string][] = [
  ["h2", "H2", "Heading"],
  ["h3", "H3", "Subheading"],
  ["bold", "B", "Bold (⌘B)"],
  ["italic", "I", "Italic (⌘I)"],
  ["bullets", "•", "Bulleted list"],
  ["steps", "1.", "Numbered steps"],
  ["link", "Link", "Link (⌘K)"],
  ["image", "Img", "Image"],
  ["code", "</>", "Code block"],
];

function Preview({ body }: { body: string }) {
  const text = useDebouncedValue(body, 250);
  const html = useQuery({
    queryKey: ["kb-preview", text],
    queryFn: ({ signal }) => previewMarkdown(text, signal),
    placeholderData: (previous) => previous,
  });
  return (
    <section className="kb-preview" aria-label="Preview">
      {html.isError && <p className="inline-error">Preview unavailable.</p>}
      {!text.trim() && <p className="muted">The preview appears here.</p>}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitised by the server (html/markdown.ts) */}
      <div className="kb-prose" dangerouslySetInnerHTML={{ __html: html.data ?? "" }} />
    </section>
  );
}

type Audience = Pick<KbRevision, "visibility" | "accountTypes">;
const audienceOf = (r: Audience) =>
  r.visibility === "account_types" ? `Customers: ${r.accountTypes.join(", ")}` : VISIBILITIES[r.visibility];

/** Who could read the article changed with this revision: said, not left to spot. */
function AudienceChange({ now, before }: { now: Audience; before: Audience | undefined }) {
  if (!before || audienceOf(before) === audienceOf(now)) return null;
  return (
    <span className="kb-audience-change">
      Visibility: {audienceOf(before)} → {audienceOf(now)}
    </span>
  );
}

/** Restoring a revision brings back who could read it too, not only its words. */
function Revisions({ id, onRestore }: { id: string; onRestore: (r: KbRevision) => void }) {
  const revisions = useQuery({ queryKey: ["kb-revisions", id], queryFn: () => fetchRevisions(id) });
  return (
    <section className="kb-revisions" aria-label="Revision history">
      {revisions.isPending && <p className="state-line">Loading history…</p>}
      {revisions.isError && <p className="inline-error">History did not load.</p>}
      <ul>
        {revisions.data?.map((r, i) => (
          <li key={r.revision}>
            <strong>#{r.revision}</strong> {r.title}{" "}
            <span className="muted">
              · {r.status} · {audienceOf(r)} · {new Date(r.createdAt).toLocaleString()}
            </span>{" "}
            <AudienceChange now={r} before={revisions.data[i + 1]} />
            <button type="button" className="button small" onClick={() => onRestore(r)}>
              Restore into editor
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
