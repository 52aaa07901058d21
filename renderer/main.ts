// Entry point. Module imports run in order: the tokens and the remembered
// theme come first, so the first paint is already in the right colours; then
// the app module defines <bs-app>, which upgrades the element in index.html.
// The reading fonts (serif and sans) are bundled so articles look the same on every system, offline.
import '@fontsource-variable/source-serif-4/opsz.css';
import '@fontsource-variable/source-serif-4/opsz-italic.css';
import '@fontsource-variable/source-sans-3/wght.css';
import '@fontsource-variable/source-sans-3/wght-italic.css';
import './styles/tokens.css';
import './state/theme-boot.ts';
import './app/app.ts';
