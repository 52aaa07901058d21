// Bytes to text for feeds (and pages): which character encoding a document is
// in, decided the way RFC 3023 and feedparser do, with a browser's leniency
// where the rules would garble real feeds.
//
// Precedence: a byte-order mark; then the HTTP charset; then, for XML media
// types that are not text/* (and when there is no Content-Type), the XML
// declaration; text/xml without a charset is US-ASCII (RFC 3023 §3.1), which
// only holds when the bytes really are ASCII, so otherwise the document's own
// declaration decides after all. Undeclared bytes that are not UTF-8 are read
// as windows-1252, the usual culprit.

export interface DecodedText {
  text: string;
  /** The encoding the text was read in, lower case (e.g. "utf-8", "us-ascii", "windows-1251", "gb18030"). */
  encoding: string;
}

/** Decodes with the charset from Content-Type, else a byte-order mark, else the XML declaration, else UTF-8. */
export function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  return decodeFeedBytes(bytes, contentType).text;
}

export function decodeFeedBytes(bytes: Uint8Array, contentType: string | null): DecodedText {
  const bom = charsetFromBom(bytes);
  if (bom) return decodeKnown(bom, bytes);

  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const httpCharset = usableLabel(charsetFromContentType(contentType));
  if (httpCharset) return decodeKnown(httpCharset, bytes);

  if (isTextXml(mediaType) && isAscii(bytes)) return { text: decodeAs('us-ascii', bytes), encoding: 'us-ascii' };

  const declared = usableLabel(charsetFromXmlDeclaration(bytes));
  // A declaration of UTF-16/32 in a document without a mark and with ASCII-compatible bytes cannot be right.
  if (declared && !/^utf-(16|32)/.test(declared)) return decodeKnown(declared, bytes);

  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeAs('windows-1252', bytes), encoding: 'windows-1252' };
  }
}

/** Decodes with a charset label, falling back to UTF-8 for a label no decoder knows. */
export function decodeAs(label: string, bytes: Uint8Array): string {
  const normalised = normaliseLabel(label);
  if (normalised === 'utf-32be' || normalised === 'utf-32le') return decodeUtf32(bytes, normalised === 'utf-32be');
  try {
    return new TextDecoder(normalised).decode(bytes);
  } catch {
    // An unknown or misspelt charset label: UTF-8 is the best guess left.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export function charsetFromContentType(contentType: string | null): string | null {
  const match = contentType?.match(/;\s*charset\s*=\s*["']?\s*([\w.:-]+)/i);
  return match?.[1] ?? null;
}

export function charsetFromBom(bytes: Uint8Array): string | null {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return 'utf-8';
  // UTF-32 before UTF-16: FF FE 00 00 also starts like a UTF-16LE mark.
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return 'utf-32be';
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return 'utf-32le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  // No mark, but "<" spelt in four or two bytes: UTF-32 or UTF-16 all the same (XML 1.0 appendix F).
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x00 && b3 === 0x3c) return 'utf-32be';
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x00 && b3 === 0x00) return 'utf-32le';
  if (b0 === 0x00 && b1 === 0x3c) return 'utf-16be';
  if (b0 === 0x3c && b1 === 0x00) return 'utf-16le';
  return null;
}

export function charsetFromXmlDeclaration(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const match = head.match(/^\s*<\?xml[^>]*?\sencoding\s*=\s*["']\s*([\w.:-]+)\s*["']/);
  return match?.[1] ?? null;
}

// text/xml, text/*+xml and text/xml-external-parsed-entity: the types RFC 3023 defaults to US-ASCII.
function isTextXml(mediaType: string): boolean {
  return mediaType === 'text/xml' || mediaType === 'text/xml-external-parsed-entity' || /^text\/[\w.+-]+\+xml$/.test(mediaType);
}

function isAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte > 0x7f) return false;
  return true;
}

/** The label in our spelling, or null when no decoder here knows it. */
function usableLabel(label: string | null): string | null {
  if (!label) return null;
  const normalised = normaliseLabel(label);
  if (normalised === 'utf-32be' || normalised === 'utf-32le') return normalised;
  try {
    new TextDecoder(normalised);
    return normalised;
  } catch {
    return null;
  }
}

function normaliseLabel(label: string): string {
  const lower = label.trim().toLowerCase();
  switch (lower) {
    // GB18030 is a superset of both; feeds labelled GB2312 often use characters only GBK/GB18030 have.
    case 'gb2312':
    case 'gbk':
    case 'cp936':
    case 'euc-cn':
      return 'gb18030';
    case 'ascii':
    case 'us-ascii':
    case 'ansi_x3.4-1968':
      return 'us-ascii';
    case 'latin1':
    case 'latin-1':
    case 'iso_8859-1':
    case 'iso8859-1':
    case 'iso-8859-1':
      return 'iso-8859-1';
    case 'utf8':
      return 'utf-8';
    case 'utf-32':
    case 'ucs-4':
      return 'utf-32be';
    case 'sjis':
    case 'shift-jis':
    case 'ms_kanji':
      return 'shift_jis';
    default:
      return lower;
  }
}

function decodeKnown(label: string, bytes: Uint8Array): DecodedText {
  return { text: decodeAs(label, bytes), encoding: label };
}

// UTF-32 is not in the WHATWG Encoding Standard, so TextDecoder has no decoder for it.
function decodeUtf32(bytes: Uint8Array, bigEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  let start = 0;
  if (bytes.byteLength >= 4 && view.getUint32(0, !bigEndian) === 0xfeff) start = 4;
  for (let at = start; at + 4 <= bytes.byteLength; at += 4) {
    const code = view.getUint32(at, !bigEndian);
    chunk.push(code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? code : 0xfffd);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}
