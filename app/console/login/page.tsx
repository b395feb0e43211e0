import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { hasAdminSession } from '@/app/_server/session';
import { LoginForm } from './LoginForm';

export const metadata: Metadata = { title: 'Log in' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  if (await hasAdminSession()) redirect('/console');
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === 'string' ? params[key] : undefined);
  return (
    <LoginForm error={one('error')} retryAfter={one('retry')} loggedOut={one('loggedOut') === '1'} next={one('next')} />
  );
}
