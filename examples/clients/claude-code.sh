#!/bin/sh
# Claude Code: add gatehouse over HTTP (start it first:
#   npx -y gatehouse-mcp-server serve --http 127.0.0.1:7070 --config /etc/gatehouse/gatehouse.yaml).
# The npm package is gatehouse-mcp-server (the npm package named gatehouse is unrelated).
claude mcp add --transport http gatehouse http://127.0.0.1:7070/mcp
# Or let Claude Code start it over stdio:
# claude mcp add gatehouse --env SHOP_PG_PASSWORD=replace-with-the-shop-password -- npx -y gatehouse-mcp-server serve --stdio --config /etc/gatehouse/gatehouse.yaml
