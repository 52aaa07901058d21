// Imported first by main.ts for its effect: the remembered theme is on <html>
// before any component renders.
import { applyCachedTheme } from './theme.ts';

applyCachedTheme();
