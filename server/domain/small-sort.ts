// Sorting the engine's short lists (a handful to a few dozen entries: notes, steps, drivers,
// resolution times) in place without Array#sort's temporary copy of the list and its sort state,
// which every call allocates. Insertion sort is stable, as Array#sort is, so both give the same
// order. Neither takes a comparator, so each loop stays monomorphic.

/** `values` sorted ascending in place, as `values.sort((a, b) => a - b)`; returns `values`. */
export function sortNumbersShort(values: number[]): number[] {
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! - v > 0) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
  return values;
}

/**
 * `items` sorted in place by |effect|, largest first (stable), as
 * `items.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect))`; returns `items`.
 */
export function sortByMagnitudeDesc<T extends { readonly effect: number }>(items: T[]): T[] {
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    const key = Math.abs(item.effect);
    let j = i - 1;
    while (j >= 0 && key - Math.abs(items[j]!.effect) > 0) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}
