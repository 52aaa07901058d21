// What an image really is, from its first bytes. Servers mislabel images and
// hostile ones label anything "image/png"; the bytes decide what is stored and
// the MIME type it is served with. SVG is deliberately absent: it is a document
// that can carry script, and an image cache has no business keeping one.

export type ImageExtension = 'jpg' | 'png' | 'gif' | 'webp' | 'avif' | 'ico';

export interface ImageType {
  ext: ImageExtension;
  mime: string;
}

export const IMAGE_TYPES: Readonly<Record<ImageExtension, ImageType>> = {
  jpg: { ext: 'jpg', mime: 'image/jpeg' },
  png: { ext: 'png', mime: 'image/png' },
  gif: { ext: 'gif', mime: 'image/gif' },
  webp: { ext: 'webp', mime: 'image/webp' },
  avif: { ext: 'avif', mime: 'image/avif' },
  // Site icons: many sites offer nothing but /favicon.ico.
  ico: { ext: 'ico', mime: 'image/x-icon' },
};

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, start + length));

/** The raster type the bytes hold, or null when they are not a JPEG, PNG, GIF, WebP, AVIF or ICO image. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length < 12) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return IMAGE_TYPES.jpg;
  if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return IMAGE_TYPES.png;
  const gif = ascii(bytes, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return IMAGE_TYPES.gif;
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return IMAGE_TYPES.webp;
  if (ascii(bytes, 4, 4) === 'ftyp' && isAvifBrand(bytes)) return IMAGE_TYPES.avif;
  if (isIco(bytes)) return IMAGE_TYPES.ico;
  return null;
}

/**
 * An ICO file: its four-byte magic (0 0 1 0) is weak, so the directory must
 * hold up too: every entry lies inside the file, after the directory, and
 * starts with a PNG or a bitmap header (what an icon's images are).
 */
function isIco(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0, true) !== 0 || view.getUint16(2, true) !== 1) return false;
  const count = view.getUint16(4, true);
  const directoryEnd = 6 + 16 * count;
  if (count === 0 || directoryEnd > bytes.length) return false;
  for (let entry = 6; entry < directoryEnd; entry += 16) {
    const size = view.getUint32(entry + 8, true);
    const offset = view.getUint32(entry + 12, true);
    if (size < 8 || offset < directoryEnd || offset + size > bytes.length) return false;
    const png = ascii(bytes, offset, 8) === '\x89PNG\r\n\x1a\n';
    const bitmapHeader = view.getUint32(offset, true) === 40;
    if (!png && !bitmapHeader) return false;
  }
  return true;
}

/** An ISO-BMFF file is AVIF when its major brand or one of its compatible brands says so. */
function isAvifBrand(bytes: Uint8Array): boolean {
  const boxSize = ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  const end = Math.min(bytes.length, boxSize > 0 ? boxSize : 0, 64);
  const brands = [ascii(bytes, 8, 4)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(bytes, offset, 4));
  return brands.some((brand) => brand === 'avif' || brand === 'avis');
}

/** The type an extension in a stored asset name stands for. */
export function imageTypeForExtension(ext: string): ImageType | null {
  return Object.hasOwn(IMAGE_TYPES, ext) ? IMAGE_TYPES[ext as ImageExtension] : null;
}
