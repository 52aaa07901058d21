// Where a worker thread's file is: beside the module that starts it when run as
// TypeScript, beside the bundle (dist/main, built by build-electron.ts) as
// JavaScript (.mjs: an ES module by its name, whatever package.json is or is
// not above it, as in app.asar.unpacked). A worker thread cannot load its file from inside an asar archive,
// so the packaged app keeps workers unpacked beside the archive (asarUnpack in
// package.json) and the address is moved there.
export function workerFileUrl(name: string, moduleUrl: string): URL {
  const extension = moduleUrl.endsWith('.ts') ? '.ts' : '.mjs';
  const url = new URL(`./${name}${extension}`, moduleUrl);
  url.pathname = url.pathname.replace(/\/app\.asar\//, '/app.asar.unpacked/');
  return url;
}
