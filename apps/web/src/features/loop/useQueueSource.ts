// A list or board as the source of the issue page's queue: it publishes its order, remembers
// the selected issue under its path, and selects it again on coming back (else the first).
import { useEffect, useRef } from "react";
import { useLocation } from "wouter";
import { positionOf, publishQueue, rememberPosition } from "./queue";

export function useQueueSource(numbers: number[], selected: number | null, select: (number: number) => void) {
  const [from] = useLocation();
  const restored = useRef(false);
  const key = numbers.join(",");

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the numbers' order
  useEffect(() => {
    if (numbers.length > 0) publishQueue(from, numbers);
  }, [from, key]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the issues first arrive
  useEffect(() => {
    if (restored.current || numbers.length === 0) return;
    restored.current = true;
    const remembered = positionOf(from);
    const first = numbers[0];
    if (remembered !== null && numbers.includes(remembered)) select(remembered);
    else if (selected === null && first !== undefined) select(first);
  }, [key]);

  useEffect(() => {
    if (restored.current && selected !== null) rememberPosition(from, selected);
  }, [from, selected]);
}
