/** Works on Express responses, Fastify replies and raw Node responses alike. */
export function setHeader(response: unknown, name: string, value: string): void {
  const target = response as { header?: (n: string, v: string) => unknown; setHeader?: (n: string, v: string) => unknown };
  if (typeof target.header === 'function') target.header(name, value);
  else target.setHeader?.(name, value);
}
