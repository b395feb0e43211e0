// Runs once when a server starts: opens and migrates storage, and makes sure the
// admin can log in (a generated password is printed here, once, and only its
// hash is kept).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { serverDatabase } = await import('./lib/db');
  const { ensureAdminPassword } = await import('./lib/auth/admin');
  const { db, kind, location } = await serverDatabase();
  console.log(`Kairos storage: ${kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'} at ${location}`);
  const admin = await ensureAdminPassword(db);
  if (admin.source === 'generated') {
    console.log(`\nConsole admin password (shown once, only its hash is stored): ${admin.password}\n`);
  }
}
