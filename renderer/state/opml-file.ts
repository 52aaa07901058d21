// Reading an OPML file the reader chose, and saying what importing it did.
// OPML is XML, so its bytes are decoded the way an XML parser would: the BOM
// first, then the encoding its XML declaration names, else UTF-8.
import type { OpmlImportSummary } from '../../electron/shared/models.ts';

export const OPML_ACCEPT = '.opml,.xml,text/x-opml,application/xml,text/xml';

const ENCODING_IN_DECLARATION = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/i;

export function isOpmlFileName(name: string): boolean {
  return /\.(opml|xml)$/i.test(name);
}

/** The text of an XML file, decoded with the encoding it declares. */
export function decodeXmlFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 200));
  const declared = ENCODING_IN_DECLARATION.exec(head)?.[1];
  return new TextDecoder(usableEncoding(declared)).decode(bytes);
}

function usableEncoding(label: string | undefined): string {
  // Without a BOM, a file that calls itself UTF-16 in ASCII-readable bytes is not UTF-16.
  if (!label || /^utf-?16/i.test(label)) return 'utf-8';
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return 'utf-8';
  }
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** One sentence for what an import did: "Added 5 feeds in 2 new folders; skipped 1 duplicate." */
export function importHeadline(summary: OpmlImportSummary): string {
  const parts: string[] = [];
  if (summary.feedsAdded === 0) parts.push('No new feeds');
  else parts.push(`Added ${count(summary.feedsAdded, 'feed', 'feeds')}`);
  if (summary.foldersCreated > 0) parts[0] += ` in ${count(summary.foldersCreated, 'new folder', 'new folders')}`;
  if (summary.duplicates > 0) parts.push(`skipped ${count(summary.duplicates, 'duplicate', 'duplicates')}`);
  if (summary.invalidCount > 0) parts.push(`${count(summary.invalidCount, 'entry', 'entries')} could not be used`);
  return `${parts.join('; ')}.`;
}

/** The unusable entries beyond those listed, in words; empty when all are listed. */
export function unlistedText(summary: OpmlImportSummary): string {
  const more = summary.invalidCount - summary.invalid.length;
  return more > 0 ? `…and ${count(more, 'more', 'more')}.` : '';
}
