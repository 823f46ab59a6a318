// Which generation of the protocol a server instance speaks. From 2026-07-28 on, every request carries
// the client's capabilities, a server asks the client by answering input_required, and tasks are the
// io.modelcontextprotocol/tasks extension; before it, capabilities are negotiated once per connection
// and a server sends the client requests of its own.
import type { Server } from '@modelcontextprotocol/server';

const FIRST_MODERN_VERSION = '2026-07-28';

export function speaksModern(server: Server): boolean {
  // Protocol versions are dates: later ones sort after.
  return (server.getNegotiatedProtocolVersion() ?? '') >= FIRST_MODERN_VERSION;
}
