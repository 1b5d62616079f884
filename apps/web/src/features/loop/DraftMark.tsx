// "Draft" on a card or row: the signed-in person has an unsent draft on this issue.
import { useMyDrafts } from "./useDraft";

export function DraftMark({ number }: { number: number }) {
  const drafts = useMyDrafts();
  if (!drafts.data?.has(number)) return null;
  return (
    <span className="draft-mark" title="You have an unsent draft on this issue">
      Draft
    </span>
  );
}
