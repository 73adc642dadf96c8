/**
 * Read paths come from the router itself: every GET route the app registers is either in the
 * API route table with a `reads` declaration, or one of the few operational routes below. A new
 * record or list route is therefore covered by the releasability tests without editing them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WEB_DIST } from '../../src/server/http/web-app';
import type { App } from '../../src/server/app';
import type { ReadPath } from '../../src/server/http/route';

/** Routes outside the table, and why they reveal no labelled record. */
export const OPERATIONAL_ROUTES: Record<string, string> = {
  '/metrics': 'process metrics only',
  '/api/openapi.json': 'the API description',
  '/api/docs': 'the API description',
  '/api/docs.css': 'a stylesheet',
};

export interface DeclaredReadPath {
  url: string;
  reads: ReadPath;
}

export function isStaticFile(url: string): boolean {
  const file = path.join(WEB_DIST, url);
  return file.startsWith(WEB_DIST) && fs.existsSync(file) && fs.statSync(file).isFile();
}

export function readPathsOf(app: App, registeredGetUrls: string[]): { paths: DeclaredReadPath[]; undeclared: string[] } {
  const paths: DeclaredReadPath[] = [];
  const undeclared: string[] = [];
  for (const url of registeredGetUrls) {
    const route = app.routes.find((r) => r.method === 'GET' && r.url === url);
    if (route?.reads) paths.push({ url, reads: route.reads });
    else if (!(url in OPERATIONAL_ROUTES) && !isStaticFile(url)) undeclared.push(url);
  }
  return { paths, undeclared };
}
