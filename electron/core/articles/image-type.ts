// What an image really is, from its first bytes. Servers mislabel images and
// hostile ones label anything "image/png"; the bytes decide what is stored and
// the MIME type it is served with. SVG is deliberately absent: it is a document
// that can carry script, and an image cache has no business keeping one.

export type ImageExtension = 'jpg' | 'png' | 'gif' | 'webp' | 'avif';

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
};

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, start + length));

/** The raster type the bytes hold, or null when they are not a JPEG, PNG, GIF, WebP or AVIF image. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length < 12) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return IMAGE_TYPES.jpg;
  if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return IMAGE_TYPES.png;
  const gif = ascii(bytes, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return IMAGE_TYPES.gif;
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return IMAGE_TYPES.webp;
  if (ascii(bytes, 4, 4) === 'ftyp' && isAvifBrand(bytes)) return IMAGE_TYPES.avif;
  return null;
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
