import { describe, expect, it } from 'vitest';
import { addressFromPaste } from './pasted-address.ts';

describe('addressFromPaste', () => {
  it('takes one http or https address, trimmed', () => {
    expect(addressFromPaste('  https://example.com/news/story?id=4 \n')).toBe('https://example.com/news/story?id=4');
    expect(addressFromPaste('http://127.0.0.1:8080/a')).toBe('http://127.0.0.1:8080/a');
  });

  it('ignores ordinary text, other schemes and several addresses at once', () => {
    expect(addressFromPaste('read this later')).toBeNull();
    expect(addressFromPaste('javascript:alert(1)')).toBeNull();
    expect(addressFromPaste('file:///etc/passwd')).toBeNull();
    expect(addressFromPaste('https://a.example/ https://b.example/')).toBeNull();
    expect(addressFromPaste('')).toBeNull();
  });
});
