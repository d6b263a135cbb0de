// The generator's orderings of dated records (ISO strings of one format compare as their instants).

/** Tickets oldest first, by when they were opened. */
export const byCreatedAt = (a: { createdAt: string }, b: { createdAt: string }): number => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

/** Engagements oldest first, by when they took place. */
export const byAt = (a: { at: string }, b: { at: string }): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);
