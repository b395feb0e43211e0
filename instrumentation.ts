// Runs once when a server starts: opens and migrates storage, makes sure the
// admin can log in (a generated password is printed here, once, and only its
// hash is kept), starts Web Push delivery (VAPID keys created on first start)
// the sender of scheduled segment campaigns, the automations' rounds, and the
// event lake's background compaction.
import { PHASE_PRODUCTION_BUILD } from 'next/constants';

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // A build serves nothing, and storage opened there would migrate and lock the
  // data folder of a server running beside it (serverDatabase refuses then).
  // Next does not call register() in `next build` today; this keeps it so.
  if (process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return;
  const { serverDatabase } = await import('./lib/db');
  const { ensureAdminPassword } = await import('./lib/auth/admin');
  const { db, kind, location } = await serverDatabase();
  console.log(`Kairos storage: ${kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'} at ${location}`);
  const admin = await ensureAdminPassword(db);
  if (admin.source === 'generated') {
    console.log(`\nConsole admin password (shown once, only its hash is stored): ${admin.password}\n`);
  }
  const { pushRuntime } = await import('./lib/push/runtime');
  const push = await pushRuntime();
  console.log(`Kairos Web Push: VAPID public key ${push.keys.publicKey.slice(0, 12)}…, delivery worker running`);
  const { startSegmentScheduler } = await import('./lib/audience/scheduler');
  startSegmentScheduler(db, push);
  const { startAutomationScheduler } = await import('./lib/automations/scheduler');
  await startAutomationScheduler(db, push, { ownsDatabase: kind === 'pglite' });
  const { startLakeSchedule } = await import('./lib/lake/runtime');
  if (startLakeSchedule()) console.log('Kairos event lake: background compaction on (KAIROS_LAKE=off turns it off)');
}
