// DuckDB hands numbers back as numbers, bigints cast to double, or null;
// the engine's results are plain numbers (0 for a missing aggregate).
export const num = (value: unknown) => (typeof value === 'number' ? value : Number(value ?? 0));
export const numberList = (value: unknown): number[] => (Array.isArray(value) ? value.map(num) : []);
