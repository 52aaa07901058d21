// Real, small image files made in code for tests: a PNG that any decoder
// reads (zlib-compressed rows with correct CRCs), and JPEG/GIF/WebP files whose
// headers carry the chosen dimensions, which is what sniffing and sizing read.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.byteLength);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** A valid RGB PNG of the given size, filled with one colour (seed varies it, so hashes differ). */
export function pngBytes(width: number, height: number, seed = 0): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x += 1) row.set([(seed * 37) & 0xff, (x + seed) & 0xff, 128], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** A baseline JPEG's markers (SOI, JFIF, SOF0 with the size, EOI). */
export function jpegBytes(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03,
    0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01];
  return Uint8Array.from([0xff, 0xd8, ...app0, ...sof0, 0xff, 0xd9]);
}

/** A GIF89a with the given size (one colour, so it is tiny). */
export function gifBytes(width: number, height: number): Uint8Array {
  const le = (n: number) => [n & 0xff, n >> 8];
  return Uint8Array.from([
    ...Buffer.from('GIF89a', 'latin1'), ...le(width), ...le(height), 0x80, 0x00, 0x00,
    0xff, 0xff, 0xff, 0x00, 0x00, 0x00,
    0x2c, 0x00, 0x00, 0x00, 0x00, ...le(width), ...le(height), 0x00,
    0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
  ]);
}

/** A lossless WebP (VP8L) header with the given size. */
export function webpBytes(width: number, height: number): Uint8Array {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  const vp8l = [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >> 24) & 0xff, 0, 0, 0];
  const payload = [...Buffer.from('VP8L', 'latin1'), vp8l.length, 0, 0, 0, ...vp8l];
  const size = 4 + payload.length;
  return Uint8Array.from([...Buffer.from('RIFF', 'latin1'), size & 0xff, size >> 8, 0, 0, ...Buffer.from('WEBP', 'latin1'), ...payload]);
}
