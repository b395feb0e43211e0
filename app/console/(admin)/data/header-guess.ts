// Whether a file's first line names its columns. DuckDB, told there is a
// header, takes the first line's cells as column names; when every one of them
// is a number or a date (CDNOW's "00004 0001 19970101 2 29.33") it was data.

// DuckDB renames a repeated name "x" to "x_1": the suffix is not part of the cell.
const cell = (name: string) => name.trim().replace(/_\d+$/, '');
const numeric = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const dateLike = /^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[-+]\d{2}:?\d{2})?)?$|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/;

export function firstRowLooksLikeData(columnNames: readonly string[]): boolean {
  return (
    columnNames.length > 0 &&
    columnNames.every((name) => {
      const text = cell(name);
      return numeric.test(text) || dateLike.test(text);
    })
  );
}
