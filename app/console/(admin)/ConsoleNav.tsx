import Link from 'next/link';
import { MobileMenu } from './MobileMenu';

/** Console sections, in the order a marketer works: data, segments, models, then reaching people. */
const sections = [
  { href: '/console', label: 'Overview' },
  { href: '/console/data', label: 'Data' },
  { href: '/console/segments', label: 'Segments' },
  { href: '/console/rfm', label: 'RFM' },
  { href: '/console/people', label: 'People' },
  { href: '/console/intent', label: 'Intent' },
  { href: '/console/campaigns', label: 'Campaigns' },
  { href: '/console/automations', label: 'Automations' },
  { href: '/console/moments', label: 'Moments' },
  { href: '/console/settings', label: 'Settings' },
] as const;

function SectionLinks({ className }: { className: string }) {
  return (
    <ul className={className}>
      {sections.map((section) => (
        <li key={section.href}>
          <Link href={section.href} className="block py-1 text-slate-700 hover:text-slate-900">
            {section.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function ConsoleNav() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Console" className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3 sm:px-6">
        <Link href="/console" className="font-semibold text-brand-700">
          Kairos
        </Link>
        <SectionLinks className="hidden flex-1 gap-4 text-sm sm:flex" />
        {/* Narrow screens: the sections fold into a menu (a native disclosure, keyboard-ready without script). */}
        <MobileMenu>
          <SectionLinks className="absolute z-20 mt-2 w-48 space-y-1 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg" />
        </MobileMenu>
        <form method="post" action="/api/auth/logout">
          <button type="submit" className="text-sm text-slate-600 hover:text-slate-900">
            Log out
          </button>
        </form>
      </nav>
    </header>
  );
}
