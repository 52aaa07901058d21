// Transport names of the web host, mirrored from electron/shared/api.ts
// (httpMethodPath, HTTP_EVENTS_PATH, HTTP_TOKEN_HEADER, methods, events).
// The renderer may not import runtime code from electron/shared, so the few
// strings are repeated here; the tables are typed against the contract, so
// adding a method or event there fails the typecheck here until it is added.
import type { EventName, MethodName } from '../../electron/shared/api.ts';

export const httpMethodPath = (method: MethodName): string => `/api/${method}`;
export const HTTP_EVENTS_PATH = '/api/events';
export const HTTP_TOKEN_HEADER = 'x-broadsheet-token';
/** Where the page keeps the web host's token once it has left the address bar. */
export const TOKEN_STORAGE_KEY = 'broadsheet.token';

const methodTable: Record<MethodName, true> = {
  listSources: true,
  addFeed: true,
  removeSource: true,
  listArticles: true,
  getArticle: true,
  setRead: true,
  setBookmarked: true,
  refresh: true,
  saveUrl: true,
  importHtml: true,
  setArchived: true,
  downloadArticle: true,
  markAllRead: true,
  getCounts: true,
  search: true,
  setReadingProgress: true,
  exportArticles: true,
  createBackup: true,
  listBackups: true,
  restoreBackup: true,
  getSettings: true,
  updateSettings: true,
};
const eventTable: Record<EventName, true> = {
  refreshProgress: true,
  libraryChanged: true,
  downloadProgress: true,
  appCommand: true,
};

export const METHOD_NAMES = Object.keys(methodTable) as MethodName[];
export const EVENT_NAMES = Object.keys(eventTable) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(eventTable, name);
}
