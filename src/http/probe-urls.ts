export const joinPath = (...parts: (string | undefined)[]) =>
  `/${parts
    .filter((part): part is string => !!part)
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
