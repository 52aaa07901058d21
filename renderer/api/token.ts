// The web host prints an address like http://127.0.0.1:PORT/#token=SECRET.
// The token moves from the address bar into sessionStorage at once, so it is
// neither bookmarked, shared by copy-paste, nor left in history.
import { TOKEN_STORAGE_KEY } from './transport.ts';

export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

export function takeToken(place: TokenPlace): string | null {
  const params = new URLSearchParams(place.location.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    try {
      place.storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      // Storage can be disabled; the token still works for this page's life.
    }
    params.delete('token');
    const rest = params.toString();
    place.history.replaceState(place.history.state, '', `${place.location.pathname}${place.location.search}${rest ? `#${rest}` : ''}`);
    return fromHash;
  }
  try {
    return place.storage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}
