// Where the analysed data comes from: the server's events or a file the marketer brings.
export const dataSources = ['server', 'file'] as const;
export type DataSource = (typeof dataSources)[number];

const labels = { server: 'Server events', file: 'A file' } as const satisfies Record<DataSource, string>;

export function SourceChoice({ value, onChange }: { value: DataSource; onChange: (source: DataSource) => void }) {
  return (
    <fieldset className="flex flex-wrap gap-2">
      <legend className="sr-only">Data source</legend>
      {dataSources.map((source) => (
        <label
          key={source}
          className="flex cursor-pointer items-center gap-2 rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm has-checked:border-brand-600 has-checked:bg-brand-50 has-focus-visible:ring-2 has-focus-visible:ring-brand-600"
        >
          <input
            type="radio"
            name="data-source"
            value={source}
            checked={value === source}
            onChange={() => onChange(source)}
            className="accent-brand-600"
          />
          {labels[source]}
        </label>
      ))}
    </fieldset>
  );
}
