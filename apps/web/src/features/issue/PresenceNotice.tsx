// Collision notice: "Dana is typing" before you both answer the same customer; and the customer
// typing in the chat widget ("Ada (customer) is typing").
import { useColleagues } from "../realtime/presence";

export function PresenceNotice({ number }: { number: number }) {
  const people = useColleagues(number);
  const typing = people
    .filter((p) => p.activity === "typing")
    .map((p) => (p.customer ? `${p.name} (customer)` : p.name));
  const viewing = people.filter((p) => p.activity === "viewing").map((p) => p.name);
  const parts = [
    typing.length ? `${list(typing)} ${typing.length > 1 ? "are" : "is"} typing` : "",
    viewing.length ? `${list(viewing)} ${viewing.length > 1 ? "are" : "is"} viewing` : "",
  ].filter(Boolean);
  return (
    <p className={`presence${typing.length ? " typing" : ""}`} aria-live="polite">
      {parts.length > 0 && (
        <>
          <span className="presence-dot" aria-hidden="true" />
          {parts.join(" · ")}
        </>
      )}
    </p>
  );
}

const list = (names: string[]) =>
  names.length <= 2 ? names.join(" and ") : `${names.slice(0, 2).join(", ")} and ${names.length - 2} more`;
