/** The runtime options after defaults and validation. */
export const RESOLVED_HEALTH_OPTIONS = Symbol('nestjs-health:resolved-options');
/** The static options (path, routes, deep, decorators) the controller was built from. */
export const HEALTH_STATIC_OPTIONS = Symbol('nestjs-health:static-options');
/** The generated controller class, for the OpenAPI decoration. */
export const HEALTH_CONTROLLER = Symbol('nestjs-health:controller');
