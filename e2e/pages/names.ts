/** Matches an accessible name that starts with `text` (a count or a date may follow it). */
export function startsWith(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}
