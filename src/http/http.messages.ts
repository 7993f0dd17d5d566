/** Messages of the HTTP routes. */
export const httpMessages = {
  probeUrls: (urls: string) => `Health probes: ${urls}`,
  deepRouteDisabled: (url: string) =>
    `The deep health route ${url} is not served: no deep.guards are configured. Add deep: { guards: [HealthTokenGuard] } (or your own guard), or deep: { public: true } for local development`,
  missingToken: () =>
    'HealthTokenGuard is in use but no token is set: pass HealthModule.forRoot({ token }) or set the HEALTH_TOKEN environment variable',
};
