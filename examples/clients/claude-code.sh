#!/bin/sh
# Claude Code: add gatehouse over HTTP (start it first: gatehouse serve --http 127.0.0.1:7070).
claude mcp add --transport http gatehouse http://127.0.0.1:7070/mcp
# Or let Claude Code start it over stdio:
# claude mcp add gatehouse -- npx gatehouse serve --stdio --config /etc/gatehouse/gatehouse.yaml
