import Link from 'next/link';

/** Console sections; later issues add Segments, Campaigns and Moments here. */
const sections = [
  { href: '/console', label: 'Overview' },
  { href: '/console/data', label: 'Data' },
  { href: '/console/moments', label: 'Moments' },
] as const;

export function ConsoleNav() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Console" className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3 sm:px-6">
        <Link href="/console" className="font-semibold text-brand-700">
          Kairos
        </Link>
        <ul className="flex flex-1 gap-4 text-sm">
          {sections.map((section) => (
            <li key={section.href}>
              <Link href={section.href} className="text-slate-700 hover:text-slate-900">
                {section.label}
              </Link>
            </li>
          ))}
        </ul>
        <form method="post" action="/api/auth/logout">
          <button type="submit" className="text-sm text-slate-600 hover:text-slate-900">
            Log out
          </button>
        </form>
      </nav>
    </header>
  );
}
