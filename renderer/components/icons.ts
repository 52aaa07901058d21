// A small, consistent icon set (16 px grid, 1.5 px strokes), drawn inline so
// it follows currentColor and needs nothing beyond the page's own origin.
import { svg, type SVGTemplateResult } from 'lit';

const icon = (body: SVGTemplateResult, filled = false) => svg`<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"
  fill=${filled ? 'currentColor' : 'none'} stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

export const icons = {
  plus: icon(svg`<path d="M8 3v10M3 8h10"/>`),
  refresh: icon(svg`<path d="M13.5 8a5.5 5.5 0 1 1-1.7-3.97"/><path d="M13.5 2.5v3h-3"/>`),
  bookmark: icon(svg`<path d="M4.5 2.5h7v11L8 10.5l-3.5 3z"/>`),
  bookmarkFilled: icon(svg`<path d="M4.5 2.5h7v11L8 10.5l-3.5 3z"/>`, true),
  external: icon(svg`<path d="M9.5 2.5h4v4"/><path d="M13.5 2.5 7.5 8.5"/><path d="M11.5 9.5v3a1 1 0 0 1-1 1h-7a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1h3"/>`),
  inbox: icon(svg`<path d="M2.5 9.5 4 3.5h8l1.5 6v3a1 1 0 0 1-1 1h-9a1 1 0 0 1-1-1z"/><path d="M2.5 9.5h3l1 1.5h3l1-1.5h3"/>`),
  unread: icon(svg`<circle cx="8" cy="8" r="5.5"/><circle cx="8" cy="8" r="2" fill="currentColor" stroke="none"/>`),
  feed: icon(svg`<path d="M3.5 2.5a10 10 0 0 1 10 10"/><path d="M3.5 6.5a6 6 0 0 1 6 6"/><circle cx="4" cy="12" r="1" fill="currentColor" stroke="none"/>`),
  warning: icon(svg`<path d="M8 2.5 14 13H2z"/><path d="M8 6.5v3"/><circle cx="8" cy="11.25" r=".6" fill="currentColor" stroke="none"/>`),
  sidebar: icon(svg`<rect x="2" y="3" width="12" height="10" rx="1.5"/><path d="M6 3v10"/>`),
  close: icon(svg`<path d="m4 4 8 8M12 4l-8 8"/>`),
  trash: icon(svg`<path d="M3 4.5h10"/><path d="M6.5 4.5v-2h3v2"/><path d="M4.5 4.5l.6 8.1a1 1 0 0 0 1 .9h3.8a1 1 0 0 0 1-.9l.6-8.1"/>`),
  circle: icon(svg`<circle cx="8" cy="8" r="5"/>`),
  check: icon(svg`<path d="m3.5 8.5 3 3 6-7"/>`),
  sun: icon(svg`<circle cx="8" cy="8" r="3"/><path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1"/>`),
  moon: icon(svg`<path d="M13 9.5A5.5 5.5 0 0 1 6.5 3 5.5 5.5 0 1 0 13 9.5z"/>`),
  /** Save a page to read later: a page with a fold, and an arrow into it. */
  savePage: icon(svg`<path d="M9.5 2.5h-5a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1h7a1 1 0 0 0 1-1v-7z"/><path d="M9.5 2.5v3h3"/><path d="M8 7.5v4M6.25 9.75 8 11.5l1.75-1.75"/>`),
  archive: icon(svg`<rect x="2" y="3" width="12" height="3" rx=".75"/><path d="M3 6v6.5a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V6"/><path d="M6.5 8.75h3"/>`),
  unarchive: icon(svg`<rect x="2" y="3" width="12" height="3" rx=".75"/><path d="M3 6v6.5a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V6"/><path d="M8 12V8.5M6.5 10 8 8.5 9.5 10"/>`),
  offline: icon(svg`<path d="M4.5 12.5h7a2.5 2.5 0 0 0 .6-4.93A4 4 0 0 0 5.2 5.6 3.5 3.5 0 0 0 4.5 12.5z"/><path d="m2.5 2.5 11 11"/>`),
  download: icon(svg`<path d="M8 2.5v8M4.75 7.25 8 10.5l3.25-3.25"/><path d="M3 13.5h10"/>`),
  /** Bring something in from a file: an arrow up out of a tray. */
  upload: icon(svg`<path d="M8 10.5v-8M4.75 5.75 8 2.5l3.25 3.25"/><path d="M3 13.5h10"/>`),
  settings: icon(svg`<path d="M2.5 4.5h6M11.5 4.5h2M2.5 11.5h2M7.5 11.5h6"/><circle cx="10" cy="4.5" r="1.5"/><circle cx="6" cy="11.5" r="1.5"/>`),
  chevronUp: icon(svg`<path d="m4 10 4-4 4 4"/>`),
  chevronDown: icon(svg`<path d="m4 6 4 4 4-4"/>`),
  /** Mark all read: two ticks. */
  checkAll: icon(svg`<path d="m1.75 8.5 3 3 6-7"/><path d="m8 11 .5.5 6-7"/>`),
  /** Order of the list: a down and an up arrow. */
  order: icon(svg`<path d="M5 2.5v11M2.5 11 5 13.5 7.5 11"/><path d="M11 13.5v-11M8.5 5 11 2.5 13.5 5"/>`),
  sepia: icon(svg`<path d="M3.5 2.5h6l3 3v8h-9z"/><path d="M5.75 7.5h4.5M5.75 10h4.5"/>`),
  monitor: icon(svg`<rect x="2" y="2.5" width="12" height="8.5" rx="1"/><path d="M6 14h4M8 11v3"/>`),
  folder: icon(svg`<path d="M2.5 4.5a1 1 0 0 1 1-1h3l1.5 1.5h4.5a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1h-9a1 1 0 0 1-1-1z"/>`),
  folderPlus: icon(svg`<path d="M2.5 4.5a1 1 0 0 1 1-1h3l1.5 1.5h4.5a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1h-9a1 1 0 0 1-1-1z"/><path d="M8 7.25v3.5M6.25 9h3.5"/>`),
  chevronRight: icon(svg`<path d="m6 4 4 4-4 4"/>`),
  /** A menu of actions on one item: three dots. */
  more: icon(svg`<circle cx="3.5" cy="8" r=".9" fill="currentColor" stroke="none"/><circle cx="8" cy="8" r=".9" fill="currentColor" stroke="none"/><circle cx="12.5" cy="8" r=".9" fill="currentColor" stroke="none"/>`),
  /** A feed that stopped: a circle with a bar. */
  stopped: icon(svg`<circle cx="8" cy="8" r="5.5"/><path d="M4.25 11.75l7.5-7.5"/>`),
};
