// "Copy diagnostics" (Help → Copy Diagnostics, or the button in Settings):
// asks the core for the report and puts its text on the clipboard. When the
// clipboard refuses (no permission, an insecure origin, no focus), the text
// comes back so it can be shown for copying by hand.
import type { Diagnostics } from '../../electron/shared/models.ts';

export const COPIED_MESSAGE = 'Diagnostics copied. They hold versions, sizes and recent errors \u2014 no articles.';

export type CopyOutcome = { copied: true; text: string } | { copied: false; text: string };

/** Rejects only when the report cannot be made; a clipboard that refuses is an outcome, not a failure. */
export async function copyDiagnostics(
  getDiagnostics: () => Promise<Diagnostics>,
  writeText: ((text: string) => Promise<void>) | null,
): Promise<CopyOutcome> {
  const { text } = await getDiagnostics();
  if (!writeText) return { copied: false, text };
  try {
    await writeText(text);
    return { copied: true, text };
  } catch {
    return { copied: false, text };
  }
}

/** The clipboard's writeText when this page may use it, else null. */
export function clipboardWriter(nav: { clipboard?: { writeText(text: string): Promise<void> } } | undefined): ((text: string) => Promise<void>) | null {
  const clipboard = nav?.clipboard;
  return clipboard && typeof clipboard.writeText === 'function' ? (text) => clipboard.writeText(text) : null;
}

/** "Broadsheet 0.1.0, web host": what the Help section says about the running app. */
export function aboutLine(diagnostics: Pick<Diagnostics, 'versions'>): string {
  const { broadsheet, shell } = diagnostics.versions;
  const version = broadsheet && broadsheet !== 'unknown' ? `Broadsheet ${broadsheet}` : 'Broadsheet';
  return shell && shell !== 'not named' ? `${version}, ${shell}` : version;
}
