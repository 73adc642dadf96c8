/**
 * What the node's log says of a request. A path may carry a credential — a calendar subscription's
 * token (`/calendar/<token>.ics`) — which the node keeps only as a hash: the log names the path
 * without it.
 */
interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

const SECRET_PATHS = /^\/calendar\/[^/?#]+/;

/** A request path with any credential in it replaced by a placeholder. */
export const redactedUrl = (url: string) => url.replace(SECRET_PATHS, '/calendar/[subscription]');

/** Fastify's request serializer, with the path redacted. */
export function requestForLog(req: LoggedRequest) {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : redactedUrl(req.url),
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
