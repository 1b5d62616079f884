// Files on a reply or note: picked with the button, pasted or dropped onto the composer, uploaded
// at once (with progress) and sent by id with the message. The server judges each file by its
// bytes; the limits shown here only save a pointless upload.

import { useRef, useState } from "react";
import { ApiError, uploadReplyFile } from "../../api/client";
import { formatSize } from "../../ui/size";

/** As the server's (domain/files.ts): at most this many per reply, each at most this big. */
export const MAX_FILES = 10;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const KINDS = "images, PDF, text, Office documents";
const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/*,.csv,.log,.docx,.xlsx,.pptx,.odt,.ods";

export type ComposerFile = {
  key: string;
  name: string;
  size: number;
  /** 0…1 while uploading. */
  progress: number;
  /** Set once uploaded. */
  id?: string;
  error?: string;
};

export function useComposerFiles(number: number) {
  const [files, setFiles] = useState<ComposerFile[]>([]);
  const aborts = useRef(new Map<string, AbortController>());
  const update = (key: string, patch: Partial<ComposerFile>) =>
    setFiles((all) => all.map((f) => (f.key === key ? { ...f, ...patch } : f)));

  const add = (picked: readonly File[]) => {
    const room = MAX_FILES - files.length;
    const next = picked.map((file, i): ComposerFile => {
      const key = `${Date.now()}-${i}-${Math.random()}`;
      const base = { key, name: file.name || "pasted file", size: file.size, progress: 0 };
      if (i >= room) return { ...base, error: `At most ${MAX_FILES} files per reply.` };
      if (file.size === 0) return { ...base, error: "The file is empty." };
      if (file.size > MAX_FILE_BYTES)
        return { ...base, error: `Larger than ${MAX_FILE_BYTES / 1024 / 1024} MB (${formatSize(file.size)}).` };
      return base;
    });
    setFiles((current) => [...current, ...next]);
    next.forEach((f, i) => {
      const file = picked[i];
      if (!f.error && file) void start(number, file, f.key, aborts.current, update);
    });
  };
  const remove = (key: string) => {
    aborts.current.get(key)?.abort();
    setFiles((all) => all.filter((f) => f.key !== key));
  };
  const clear = () => setFiles([]);
  const uploading = files.some((f) => !f.id && !f.error);
  const ids = files.flatMap((f) => (f.id ? [f.id] : []));
  return { files, add, remove, clear, uploading, ids };
}

async function start(
  number: number,
  file: File,
  key: string,
  aborts: Map<string, AbortController>,
  update: (key: string, patch: Partial<ComposerFile>) => void,
) {
  const abort = new AbortController();
  aborts.set(key, abort);
  try {
    const dataBase64 = await readBase64(file);
    const ref = await uploadReplyFile(
      number,
      { name: file.name || "pasted file", type: file.type, dataBase64 },
      (progress) => update(key, { progress }),
      abort.signal,
    );
    update(key, { id: ref.id, progress: 1 });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") return;
    update(key, { error: error instanceof ApiError ? error.message : "The upload failed." });
  } finally {
    aborts.delete(key);
  }
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
    reader.readAsDataURL(file);
  });
}

export function AttachButton({ onPick }: { onPick: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => input.current?.click()}
        title={`Attach files: ${KINDS}, up to ${MAX_FILE_BYTES / 1024 / 1024} MB each, ${MAX_FILES} per reply`}
      >
        Attach
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={ACCEPT}
        aria-label="Attach files"
        onChange={(e) => {
          onPick([...(e.currentTarget.files ?? [])]);
          e.currentTarget.value = "";
        }}
      />
    </>
  );
}

export function FileChips({ files, onRemove }: { files: ComposerFile[]; onRemove: (key: string) => void }) {
  if (files.length === 0) return null;
  return (
    <ul className="composer-files" aria-label="Attached files">
      {files.map((f) => (
        <li key={f.key} className={f.error ? "file-chip error" : "file-chip"}>
          <span className="file-name">{f.name}</span> <span className="muted small">{formatSize(f.size)}</span>
          {!f.id && !f.error && (
            <progress max={1} value={f.progress} aria-label={`Uploading ${f.name}`}>
              {Math.round(f.progress * 100)}%
            </progress>
          )}
          {f.error && (
            <span className="file-error" role="alert">
              {f.error}
            </span>
          )}
          <button type="button" className="chip-x" aria-label={`Remove ${f.name}`} onClick={() => onRemove(f.key)}>
            ×
          </button>
        </li>
      ))}
      <li className="muted small">
        {KINDS}; up to {MAX_FILE_BYTES / 1024 / 1024} MB each
      </li>
    </ul>
  );
}
