// Tags: a flat list with a colour. Create inline; deleting a tag removes it from the list of
// suggestions (issues keep the text they were tagged with).
import { type FormEvent, useState } from "react";
import type { Tag } from "../../../api/types";
import { showError, showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { createTag, deleteTag, PATHS, type TagInput } from "../api";
import { TextField } from "../Fields";
import { useFormErrors } from "../formErrors";
import { type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList, useSettingsMutation } from "../useSettings";

export function TagsSection() {
  const canEdit = useCanEdit();
  const tags = useSettingsList<Tag>(PATHS.tags);
  const remove = useSettingsMutation((tag: Tag) => deleteTag(tag.id));

  const columns: Column<Tag>[] = [
    {
      header: "Tag",
      className: "wide",
      cell: (t) => (
        <span className="tag-name">
          <span className="swatch" style={{ background: t.color ?? "#64748b" }} aria-hidden="true" />
          {t.name}
        </span>
      ),
    },
    { header: "Colour", cell: (t) => <code>{t.color ?? "—"}</code> },
  ];
  if (canEdit)
    columns.push({
      header: "Actions",
      className: "actions",
      cell: (t) => (
        <button
          type="button"
          className="button small danger"
          aria-label={`Delete tag ${t.name}`}
          disabled={remove.isPending}
          onClick={() => {
            if (!window.confirm(`Delete the tag “${t.name}”?`)) return;
            remove.mutate(t, {
              onSuccess: () => showToast(`Deleted tag “${t.name}”.`),
              onError: (e) => showError("Could not delete the tag", e),
            });
          }}
        >
          Delete
        </button>
      ),
    });

  return (
    <Section title="Tags" description="Labels agents and triggers put on issues. Names are stored in lower case.">
      {canEdit && <NewTagForm />}
      <ResourceTable
        label="Tags"
        noun="tags"
        query={tags}
        columns={columns}
        rowKey={(t) => t.id}
        empty="No tags yet. Add the first one above."
      />
    </Section>
  );
}

function NewTagForm() {
  const [name, setName] = useState("");
  const [color, setColor] = useState("#64748b");
  const save = useSettingsMutation((input: TagInput) => createTag(input));
  const errors = useFormErrors(() => (name.trim() ? {} : { name: "Enter a tag name." }), save.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!errors.passes()) return save.reset();
    save.mutate(
      { name: name.trim(), color },
      {
        onSuccess: () => {
          errors.reset();
          setName("");
        },
      },
    );
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Create a tag">
      <TextField label="New tag" value={name} onChange={setName} maxLength={100} error={errors.fields.name} />
      <TextField label="Colour" type="color" value={color} onChange={setColor} error={errors.fields.color} />
      <button type="submit" className="button primary" disabled={save.isPending}>
        {save.isPending ? "Adding…" : "Add tag"}
      </button>
      {errors.general && (
        <p className="inline-error form-wide" role="alert">
          {errors.general}
        </p>
      )}
    </form>
  );
}
