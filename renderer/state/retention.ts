// How long articles are kept, in words: the choices in Settings, the warning
// before a shorter period removes articles for good, and the line that shows
// the setting is on.

/** Choices for "Keep articles for", in days; 0 keeps everything. */
export const RETENTION_CHOICES: ReadonlyArray<[number, string]> = [
  [0, 'Forever'],
  [7, '1 week'],
  [14, '2 weeks'],
  [30, '1 month'],
  [90, '3 months'],
  [180, '6 months'],
  [365, '1 year'],
];

/** "1 month", "3 months", or "45 days" for a period not among the choices. */
export function retentionLabel(days: number): string {
  const choice = RETENTION_CHOICES.find(([value]) => value === days);
  if (choice) return choice[1];
  return `${days.toLocaleString()} day${days === 1 ? '' : 's'}`;
}

/** Whether a change removes articles that the current setting keeps: on from off, or a shorter period. */
export function removesArticles(from: number, to: number): boolean {
  return to > 0 && (from === 0 || to < from);
}

/** What a shorter period will remove, said before it happens (how many is not known in advance). */
export function retentionWarning(days: number): string {
  return `Articles older than ${retentionLabel(days)} that are not bookmarked or saved will be removed from your library.`;
}

/** "Keeping articles for 1 month"; null when everything is kept. */
export function retentionNote(days: number): string | null {
  return days > 0 ? `Keeping articles for ${retentionLabel(days)}` : null;
}
