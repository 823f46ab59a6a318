// Error details safe for logs: name and message only (the log stream scrubs secrets as a second wall).
export function errorSummary(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}
