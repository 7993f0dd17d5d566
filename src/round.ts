/** Rounds to one decimal: the resolution of every ms, MB and percent figure the module reports. */
export const round1 = (value: number): number => Math.round(value * 10) / 10;

/** Rounds to two decimals, for GB figures. */
export const round2 = (value: number): number => Math.round(value * 100) / 100;
