export { fromTerminus } from './from-terminus.js';
export type { FromTerminusOptions, TerminusIndicatorCall } from './from-terminus.js';
export type { TerminusIndicatorEntry, TerminusIndicatorResult } from './terminus-result.js';
