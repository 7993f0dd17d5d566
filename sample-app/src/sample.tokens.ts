/** Injection token of the app's `SampleConfig`. */
export const SAMPLE_CONFIG = Symbol('SAMPLE_CONFIG');
