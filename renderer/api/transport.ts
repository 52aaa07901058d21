// Transport names of the web host, mirrored from electron/shared/api.ts.
// The renderer may not import runtime code from electron/shared, so the few
// strings are repeated here, each typed as the contract's own literal: if the
// contract's route, header or method and event names change, this file stops
// typechecking until it follows.
import type {
  EventName,
  HTTP_API_PREFIX as SharedApiPrefix,
  HTTP_EVENTS_PATH as SharedEventsPath,
  HTTP_TOKEN_HEADER as SharedTokenHeader,
  HttpMethodPath,
  MethodName,
} from '../../electron/shared/api.ts';

const HTTP_API_PREFIX: typeof SharedApiPrefix = '/api/';
export const httpMethodPath = <M extends MethodName>(method: M): HttpMethodPath<M> => `${HTTP_API_PREFIX}${method}`;
export const HTTP_EVENTS_PATH: typeof SharedEventsPath = '/api/events';
export const HTTP_TOKEN_HEADER: typeof SharedTokenHeader = 'x-broadsheet-token';
/** Where the page keeps the web host's token once it has left the address bar. */
export const TOKEN_STORAGE_KEY = 'broadsheet.token';

const methodTable: Record<MethodName, true> = {
  listSources: true,
  discoverFeeds: true,
  addFeed: true,
  updateSource: true,
  removeSource: true,
  listFolders: true,
  createFolder: true,
  updateFolder: true,
  deleteFolder: true,
  importOpml: true,
  exportOpml: true,
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
  getNotices: true,
  dismissNotice: true,
  getDiagnostics: true,
  getSettings: true,
  updateSettings: true,
};
const eventTable: Record<EventName, true> = {
  refreshProgress: true,
  libraryChanged: true,
  downloadProgress: true,
  noticesChanged: true,
  appCommand: true,
};

export const METHOD_NAMES = Object.keys(methodTable) as MethodName[];
export const EVENT_NAMES = Object.keys(eventTable) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(eventTable, name);
}
