// Ordered settings (triggers, SLA policies): ↑/↓ buttons that move a row, and the positions to
// save for a move, renumbered in steps of 10 so a move is a couple of small PATCHes.

/** The rows whose position changes when `list[index]` moves by one, with their new positions. */
export function movedPositions<T extends { id: string; position: number }>(
  list: readonly T[],
  index: number,
  by: -1 | 1,
): { id: string; position: number }[] {
  const order = [...list];
  const [item] = order.splice(index, 1);
  if (!item) return [];
  order.splice(index + by, 0, item);
  return order.flatMap((t, i) => (t.position === i * 10 ? [] : [{ id: t.id, position: i * 10 }]));
}

type Props = { name: string; index: number; count: number; busy: boolean; onMove: (by: -1 | 1) => void };

export function OrderButtons({ name, index, count, busy, onMove }: Props) {
  return (
    <span className="row-actions">
      <button
        type="button"
        className="icon-button"
        aria-label={`Move ${name} up`}
        disabled={index === 0 || busy}
        onClick={() => onMove(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Move ${name} down`}
        disabled={index === count - 1 || busy}
        onClick={() => onMove(1)}
      >
        ↓
      </button>
    </span>
  );
}
