// Reading a saved web page from a file the reader chose or dropped. Browsers
// save pages in the page's own encoding, which is not always UTF-8, so the
// bytes are decoded the way a browser would: BOM first, then the
// <meta charset> (or http-equiv) declared near the top, else UTF-8.

/** Only the start of a file is searched for its declared encoding, as browsers do. */
const PRESCAN_BYTES = 4096;

const CHARSET_IN_META = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i;

export function isHtmlFileName(name: string): boolean {
  return /\.(html?|xhtml)$/i.test(name);
}

/** The text of an HTML file, decoded with the encoding it declares. */
export function decodeHtmlFile(bytes: Uint8Array): string {
  const bom = bomEncoding(bytes);
  if (bom) return new TextDecoder(bom).decode(bytes);
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, PRESCAN_BYTES));
  const declared = CHARSET_IN_META.exec(head)?.[1];
  return new TextDecoder(usableEncoding(declared)).decode(bytes);
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function usableEncoding(label: string | undefined): string {
  if (!label) return 'utf-8';
  // A page that claims UTF-16 in its own (ASCII-readable) markup is in fact not UTF-16.
  if (/^utf-?16/i.test(label)) return 'utf-8';
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return 'utf-8';
  }
}
