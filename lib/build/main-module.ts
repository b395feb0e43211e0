import { pathToFileURL } from 'node:url';

/** True when the module at `moduleUrl` is the script Node was started with (paths with spaces too). */
export const isMainModule = (moduleUrl: string): boolean =>
  process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
