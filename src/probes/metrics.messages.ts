const labelList = (labels: readonly string[]) => (labels.length ? `labels ${labels.join(', ')}` : 'no labels');

export const metricsMessages = {
  metricClash: (name: string, kind: string, labels: readonly string[], foundKind: string, foundLabels: readonly string[]) =>
    `HealthModule: metrics: the registry already holds a metric named ${name} (a ${foundKind} with ${labelList(foundLabels)}), but the module exports ${name} as a ${kind} with ${labelList(labels)}; rename or remove the app's own metric, or give the module a registry of its own with metrics: { registry: new Registry() }`,
};
