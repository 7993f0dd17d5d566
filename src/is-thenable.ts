/** Whether a value can be awaited: checked by shape, as the language does, so foreign promises count too. */
export function isThenable<T>(value: unknown): value is PromiseLike<T> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function';
}
