/** The runtime options after defaults and validation. */
export const RESOLVED_HEALTH_OPTIONS = Symbol('nestjs-health:resolved-options');
/** The static options (path, routes, deep, decorators, …) after defaults and validation, resolved once per module. */
export const RESOLVED_STATIC_OPTIONS = Symbol('nestjs-health:static-options');
