// `npm run kairos -- <command>`: the operator's tool for storage, demo data,
// the admin password and VAPID keys. Each command opens storage, works, closes.
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { ensureAdminPassword, resetAdminPassword } from '../auth/admin';
import { defaultDataDir, openDatabase, type DatabaseHandle, migrateDatabase } from '../db';
import { seedDemo } from '../db/demo-seed';
import { seedDemoStory } from './demo-story';
import { pruneEventsAsConfigured } from '../db/event-upkeep';
import { eventFootprint } from '../db/footprint';
import { datasetSummary } from '../db/stats';
import { compactLake } from '../lake/compactor';
import { lakeFolder } from '../lake/layout';
import { lakeSettings } from '../lake/settings';
import { rotateVapidKeys, vapidKeys } from '../push/vapid';
import { queryCommand, rfmCommand, storedRfmCommand } from './analytics-commands';
import { printLogin, startDemoServer } from './demo-server';
import { prepareDemoStorage, reportDemoStorageReady } from './demo-storage';
import { intentCommand } from './intent-command';
import { resultsCommand } from './results-command';
import { automationsCommand } from './automations-command';
import { writeKeyCommand } from './write-key-command';
import { serverAudiences } from '../audience/runtime';
import { resultsGoalSchema } from '../contracts/campaign-results';

const usage = `Usage: npm run kairos -- <command> [options]

Commands:
  migrate                      create or update the database schema
  seed [--visitors N] [--seed N] [--end YYYY-MM-DD] [--replace]
                               load the demo storefront's visitors and events
  stats                        print the stored dataset's size
  footprint                    where the stored events' bytes go (table, indexes, ledger, WAL, folder)
  prune-events [--keep-days N] delete stored events older than N days (default KAIROS_EVENTS_KEEP_DAYS,
                               30) that the lake holds (at or below its manifest's watermark); without
                               a lake manifest only expired message ids go
  compact                      compact the stored events into the event lake's Parquet files now
                               (the server also does it in the background; with embedded storage
                               run it while the server is stopped)
  admin-password [--password-stdin | --password P]
                               set a new console password (generated if not given;
                               --password-stdin reads it from standard input, so it
                               does not show in the process list or shell history)
  vapid-keys [--rotate]        create (once) or rotate the Web Push VAPID keys; prints the public key
  demo [--port N]              migrate, seed, and start the built app (run after \`npm run build\`)
  prepare-demo                 what demo does before it starts the app: migrate, seed if empty, set up
                               the demo's saved segments, moment rules and past campaigns (once), create
                               the VAPID keys and the admin password (printed once when generated)
  rfm <file> [--customer COL --time COL --amount COL-or-SQL --order COL --where SQL --as-of DATE]
      [--out customers.csv] [--json]
                               RFM segments of a CSV, Parquet, JSON or whitespace-separated file
  rfm --stored [--as-of DATE --out customers.csv --json]
                               RFM of the stored events, one customer per person (docs/people.md);
                               with embedded storage run it while the server is stopped
  intent <file> --calibration-end DATE [--customer COL --time COL --amount COL-or-SQL --where SQL]
      [--horizon-days N] [--no-header] [--out predictions.csv] [--json]
                               BG/NBD and Gamma-Gamma fit, P(alive), expected purchases and intent tiers
  results campaign <id> [--goal EVENT] [--click-window-days N] [--view-window-days N] [--json]
                               a campaign's results: variants, control, conversions, lift and significance
  automations list [--json]    every automation: status, trigger, visitors waiting, sent and exited
  query <file> "<SQL>" [--json]
                               run SQL over a file (it is the table \`data\`)
  write-key create --name NAME a key for the Segment-compatible API (/v1/batch, docs/segment-api.md);
                               the key is printed once, as the last line, and only its hash is kept
  write-key list               the write keys: name, first characters, created, revoked
  write-key revoke NAME        revoke the active key of that name (its senders get 401 from then on)

Storage: embedded PGlite in $KAIROS_DATA_DIR (default ./data), or PostgreSQL when DATABASE_URL is set.`;

type Options = Record<string, string | boolean | undefined>;

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

const commands: Record<string, (options: Options, args: string[]) => Promise<void>> = {
  async footprint() {
    await withDatabase(async ({ db, kind, location }) => {
      const footprint = await eventFootprint(db, kind === 'pglite' ? location : undefined);
      const per = (bytes: number) => (footprint.events ? (bytes / footprint.events).toFixed(0) : '-');
      console.log(`${footprint.events} events`);
      console.log(`  table heap      ${footprint.heapBytes} bytes (${per(footprint.heapBytes)} per event)`);
      console.log(`  TOAST, maps     ${footprint.toastBytes + footprint.mapBytes} bytes`);
      for (const [name, bytes] of Object.entries(footprint.indexBytes)) {
        console.log(`  ${name.padEnd(15)} ${bytes} bytes (${per(bytes)} per event)`);
      }
      console.log(`  message ids     ${footprint.ledgerBytes} bytes (${per(footprint.ledgerBytes)} per event)`);
      if (footprint.walBytes !== undefined) console.log(`  WAL             ${footprint.walBytes} bytes`);
      if (footprint.folderBytes !== undefined) console.log(`  data folder     ${footprint.folderBytes} bytes`);
    });
  },

  async 'prune-events'(options) {
    const keepDays = numberOption(options['keep-days']);
    if (keepDays !== undefined) process.env.KAIROS_EVENTS_KEEP_DAYS = String(keepDays);
    await withDatabase(async (handle) => {
      const result = await pruneEventsAsConfigured(handle);
      console.log(
        `Dropped ${result.partitionsDropped.length} monthly partitions${result.partitionsDropped.length ? ` (${result.partitionsDropped.join(', ')})` : ''}, ` +
          `deleted ${result.eventsDeleted} events and ${result.messageIdsDeleted} expired message ids.`,
      );
    });
  },

  async migrate() {
    await withDatabase(async ({ kind, location }) => console.log(`Migrated ${kind} database at ${location}.`));
  },

  async seed(options) {
    await withDatabase(async ({ db, kind }) => {
      const started = Date.now();
      const result = await seedDemo(
        db,
        {
          visitors: numberOption(options.visitors),
          seed: numberOption(options.seed),
          end: options.end ? new Date(`${String(options.end)}T00:00:00Z`) : undefined,
          replace: options.replace === true,
        },
        progressPrinter('Seeding'),
      );
      // A bulk load leaves the planner's statistics stale and the WAL full of it:
      // refresh the one, and let a checkpoint remove the other (embedded only).
      if (!result.skipped) await db.execute(sql`analyze events, event_message_ids, visitors`);
      if (!result.skipped && kind === 'pglite') await db.execute(sql`checkpoint`);
      if (result.skipped) {
        console.log(
          `The database already holds ${result.events} events; nothing seeded (use --replace to start over).`,
        );
      } else {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(`Seeded ${result.visitors} visitors and ${result.events} events in ${seconds} s.`);
        if (options.replace === true) {
          // The lake held the events just deleted; it is rebuilt from the new ones at the next compaction.
          rmSync(lakeFolder(defaultDataDir()), { recursive: true, force: true });
          console.log('The event lake was removed with the old events.');
        }
      }
    });
  },

  async compact() {
    let handle: DatabaseHandle;
    try {
      handle = await openDatabase();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!message.includes('is in use by process')) throw error;
      throw new Error(
        `${message}\nThe running server compacts the lake itself (in the background, and when the console ` +
          'asks for the manifest); `kairos compact` with embedded storage needs the server stopped.',
      );
    }
    try {
      await migrateDatabase(handle);
      const lakeDir = lakeFolder(defaultDataDir());
      console.log(`Compacting ${handle.kind} events into ${lakeDir}`);
      const settings = lakeSettings();
      const progress = progressPrinter('Compacting');
      // The CLI has the machine to itself: DuckDB may use every core.
      const summary = await compactLake(handle, lakeDir, {
        settings,
        threads: availableParallelism(),
        consoleSnapshot: true,
        onProgress: ({ done, total }) => total > 0 && progress(done, total),
      });
      if (!summary) {
        console.log('Another process is compacting this lake now (PostgreSQL advisory lock); nothing done.');
        return;
      }
      const rate = summary.seconds > 0 ? Math.round(summary.rows / summary.seconds) : 0;
      console.log(
        `Compacted ${summary.rows} events into ${summary.filesWritten} files (${summary.bytesWritten} bytes) ` +
          `in ${summary.seconds.toFixed(1)} s, ${rate} events/s; ` +
          `${summary.rewritten} files rewritten for ${summary.forgotten} forgotten visitors, ${summary.merged} merged, ` +
          `${summary.orphansRemoved} orphans removed.`,
      );
      console.log(
        `The lake: ${summary.lakeFiles} files, ${summary.lakeBytes} bytes, every event up to id ${summary.watermark}; ` +
          `console snapshot ${summary.snapshot}.`,
      );
    } finally {
      await handle.close();
    }
  },

  async stats() {
    await withDatabase(async ({ db }) => console.log(JSON.stringify(await datasetSummary(db), null, 2)));
  },

  async 'admin-password'(options) {
    await withDatabase(async ({ db }) => {
      const given =
        options['password-stdin'] === true
          ? await readPasswordFromStdin()
          : typeof options.password === 'string'
            ? options.password
            : undefined;
      const password = await resetAdminPassword(db, given);
      console.log(given ? 'The console password is updated.' : `New console password: ${password}`);
      if (process.env.KAIROS_ADMIN_PASSWORD) {
        console.log('Note: KAIROS_ADMIN_PASSWORD is set and takes precedence while it is.');
      }
    });
  },

  async 'vapid-keys'(options) {
    await withDatabase(async ({ db }) => {
      if (options.rotate === true) {
        const keys = await rotateVapidKeys(db);
        console.log(`Rotated. New public key: ${keys.publicKey}`);
        if (process.env.VAPID_PUBLIC_KEY)
          console.log('Note: VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY are set and take precedence.');
        console.log('Visitors subscribed with the old key subscribe again on their next visit.');
        return;
      }
      const keys = await vapidKeys(db);
      const from = { env: 'from the environment', stored: 'stored', generated: 'generated and stored' }[keys.source];
      console.log(`VAPID public key (${from}): ${keys.publicKey}`);
    });
  },

  async rfm(options, [file]) {
    if (options.stored === true) {
      // The stored events, per person (docs/people.md): the server's own engine over the lake.
      await withDatabase(async (handle) => {
        const audiences = await serverAudiences(async () => handle);
        try {
          await storedRfmCommand(audiences, {
            asOf: text(options['as-of']),
            out: text(options.out),
            json: options.json === true,
          });
        } finally {
          await audiences.close();
        }
      });
      return;
    }
    if (!file) throw new Error('Usage: kairos rfm <file> [options], or kairos rfm --stored');
    await rfmCommand(file, {
      customer: text(options.customer),
      time: text(options.time),
      amount: text(options.amount),
      order: text(options.order),
      where: text(options.where),
      asOf: text(options['as-of']),
      out: text(options.out),
      json: options.json === true,
    });
  },

  async intent(options, [file]) {
    if (!file) throw new Error('Usage: kairos intent <file> --calibration-end YYYY-MM-DD [options]');
    await intentCommand(file, {
      customer: text(options.customer),
      time: text(options.time),
      amount: text(options.amount),
      where: text(options.where),
      calibrationEnd: text(options['calibration-end']),
      horizonDays: text(options['horizon-days']),
      noHeader: options['no-header'] === true,
      out: text(options.out),
      json: options.json === true,
    });
  },

  async results(options, [kind, id]) {
    if (kind !== 'campaign' || !id || !/^\d+$/.test(id)) {
      throw new Error('Usage: kairos results campaign <id> [--goal EVENT] [--click-window-days N] [--json]');
    }
    const goal = resultsGoalSchema.safeParse({
      ...(text(options.goal) && { event: text(options.goal) }),
      ...(text(options['click-window-days']) && { clickWindowDays: text(options['click-window-days']) }),
      ...(text(options['view-window-days']) && { viewWindowDays: text(options['view-window-days']) }),
    });
    if (!goal.success) throw new Error(z.prettifyError(goal.error));
    await withDatabase(async (handle) => {
      const { db } = handle;
      const audiences = await serverAudiences(async () => handle);
      try {
        await resultsCommand(db, audiences, Number(id), goal.data, { json: options.json === true });
      } finally {
        await audiences.close();
      }
    });
  },

  async automations(options, [action]) {
    if (action !== 'list') throw new Error('Usage: kairos automations list [--json]');
    await withDatabase(({ db }) => automationsCommand(db, { json: options.json === true }));
  },

  async query(options, [file, sql]) {
    if (!file || !sql) throw new Error('Usage: kairos query <file> "<SQL>" [--json]');
    await queryCommand(file, sql, { json: options.json === true });
  },

  'write-key': writeKeyCommand,

  async 'prepare-demo'() {
    const login = await withDatabase(async (handle) => {
      console.log(`Storage: ${handle.kind} at ${handle.location}`);
      const seeded = await seedDemo(handle.db, {}, progressPrinter('Loading demo data'));
      console.log(
        seeded.skipped
          ? `Demo data already loaded (${seeded.events} events).`
          : `Loaded ${seeded.visitors} visitors and ${seeded.events} events.`,
      );
      await prepareDemoStory(handle);
      await vapidKeys(handle.db);
      return ensureAdminPassword(handle.db);
    });
    printLogin(login);
    reportDemoStorageReady(login);
  },

  async demo(options) {
    const port = numberOption(options.port) ?? numberOption(process.env.PORT) ?? 3000;
    // In a child: seeding's memory leaves with it, while this wrapper lives as long as the server.
    const { loginSource } = await prepareDemoStorage();
    await startDemoServer(port, loginSource);
  },
};

/** Saved segments, moment rules and past campaigns with their results (lib/cli/demo-story.ts), once. */
async function prepareDemoStory(handle: DatabaseHandle): Promise<void> {
  const audiences = await serverAudiences(async () => handle);
  try {
    const story = await seedDemoStory(handle.db, audiences);
    if (story.skipped) {
      console.log(`Demo story: nothing added (${story.reason}).`);
      return;
    }
    const sent = story.campaigns.map((c) => `"${c.name}" to ${c.queued} (${c.control} held out)`).join(', ');
    console.log(`Demo story: ${story.segments} saved segments, ${story.rules} moment rules, past campaigns ${sent}.`);
  } finally {
    await audiences.close();
  }
}

function numberOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`Expected a number, got "${String(value)}".`);
  return n;
}

function progressPrinter(label: string): (done: number, total: number) => void {
  // A terminal gets one line that counts up; a log gets a line per quarter.
  const interactive = process.stdout.isTTY === true;
  const step = interactive ? 5 : 25;
  let lastPercent = -step;
  return (done, total) => {
    const percent = Math.floor((done / total) * 100);
    if (percent < lastPercent + step && done !== total) return;
    lastPercent = percent;
    if (interactive) process.stdout.write(`\r${label}: ${percent}%${done === total ? '\n' : ''}`);
    else console.log(`${label}: ${percent}%`);
  };
}

/** The first line of standard input (`printf '%s' "$PW" | kairos admin-password --password-stdin`). */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!password) throw new Error('--password-stdin: standard input was empty.');
  return password;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      visitors: { type: 'string' },
      seed: { type: 'string' },
      end: { type: 'string' },
      replace: { type: 'boolean' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      rotate: { type: 'boolean' },
      port: { type: 'string' },
      customer: { type: 'string' },
      time: { type: 'string' },
      amount: { type: 'string' },
      order: { type: 'string' },
      where: { type: 'string' },
      'as-of': { type: 'string' },
      'calibration-end': { type: 'string' },
      'horizon-days': { type: 'string' },
      'keep-days': { type: 'string' },
      'no-header': { type: 'boolean' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      stored: { type: 'boolean' },
      goal: { type: 'string' },
      'click-window-days': { type: 'string' },
      'view-window-days': { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const name = positionals[0];
  const command = name ? commands[name] : undefined;
  if (!command || values.help) {
    console.log(usage);
    return name && !command ? 1 : 0;
  }
  await command(values, positionals.slice(1));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`kairos: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
