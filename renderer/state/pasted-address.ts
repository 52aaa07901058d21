// Pasting a web address anywhere outside a text field offers to save that
// page. Only something that is plainly one http(s) address counts; any other
// pasted text is left alone.

export function addressFromPaste(text: string): string | null {
  const candidate = text.trim();
  if (candidate === '' || candidate.length > 2048 || /\s/.test(candidate)) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  return candidate;
}
