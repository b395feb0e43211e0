// Whether the manifest this server serves lets iPhone and iPad visitors get
// Web Push from the Home Screen (lib/contracts/home-screen-manifest.ts, checked
// on the server; the same problems are logged when it starts).
export function HomeScreenPanel({ problems }: { problems: string[] }) {
  return (
    <section
      aria-labelledby="home-screen-heading"
      className="space-y-2 rounded-xl border border-slate-200 bg-white p-4"
    >
      <h2 id="home-screen-heading" className="font-semibold">
        iPhone and iPad (Home Screen)
      </h2>
      {problems.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="home-screen-ready">
          The web app manifest has what iOS needs: visitors who add the site to their Home Screen can get Web Push.
        </p>
      ) : (
        <div role="alert" className="space-y-1 text-sm text-amber-800" data-testid="home-screen-problems">
          <p className="font-medium">iPhone and iPad visitors cannot get Web Push yet:</p>
          <ul className="list-disc pl-5">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
