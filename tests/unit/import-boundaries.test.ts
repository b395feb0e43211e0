// The lint rule that holds the import directions (lib/build/eslint-boundaries.js):
// each case lints a one-line file placed where the rule must (or must not) object.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'kairos/import-boundaries')
    .map((message) => message.message);
}

describe('import boundaries (kairos/import-boundaries)', () => {
  it.each([
    ['lib/contracts/x.ts', "import { events } from '../db/schema';\nvoid events;", /lib\/contracts imports nothing/],
    ['lib/contracts/x.ts', "import { products } from '@/lib/demo/catalog';\nvoid products;", /lib\/contracts/],
    ['lib/moments/x.ts', "import { serverDatabase } from '@/lib/db';\nvoid serverDatabase;", /server-only/],
    ['workers/x.ts', "import { vapidKeys } from '../lib/push/vapid';\nvoid vapidKeys;", /server-only/],
    ['workers/x.ts', "import { useState } from 'react';\nvoid useState;", /framework-free/],
    ['lib/tracker/x.ts', "import { redirect } from 'next/navigation';\nvoid redirect;", /framework-free/],
    [
      'lib/segments/x.ts',
      "import { ConsoleHome } from '@/app/console/(admin)/ConsoleHome';\nvoid ConsoleHome;",
      /app\//,
    ],
    [
      'app/console/x.tsx',
      "'use client';\nimport { checkAdminPassword } from '@/lib/auth/admin';\nvoid checkAdminPassword;",
      /server-only/,
    ],
    ['app/console/x.tsx', "import '@/workers/sw';", /new Worker/],
    ['lib/store/x.ts', "import 'server-only';", /server-only/],
    // The service worker's outbox once could reach the server's database client, and sw.ts Node's Buffer.
    ['lib/store/x.ts', "import { openDatabase } from '../db/client';\nvoid openDatabase;", /server-only/],
    ['workers/sw.ts', "import { readBody } from '../lib/http/body';\nvoid readBody;", /server-only/],
    [
      'lib/segments/x.ts',
      "import { DeviceDatabase } from '../store/database';\nvoid DeviceDatabase;",
      /\(shared\) must not import lib\/store \(worker\)/,
    ],
    ['lib/newfolder/x.ts', 'export const x = 1;', /lib\/newfolder is not in the import table/],
    ['lib/moments/x.ts', "import { y } from '../newfolder/y';\nvoid y;", /lib\/newfolder is not in the import table/],
  ])('refuses %s importing across a boundary', async (file, code, message) => {
    const errors = await boundaryErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    [
      'lib/contracts/x.ts',
      "import { z } from 'zod';\nimport { eventSchema } from './event';\nvoid z;\nvoid eventSchema;",
    ],
    ['app/api/x/route.ts', "import { serverDatabase } from '@/lib/db';\nvoid serverDatabase;"],
    ['lib/db/x.ts', "import { eventSchema } from '../contracts/event';\nvoid eventSchema;"],
    ['workers/x.ts', "import { createOfflineCaching } from '../lib/pwa/caching';\nvoid createOfflineCaching;"],
    ['proxy.ts', "import { sessionCookieName } from '@/lib/auth/session-cookie';\nvoid sessionCookieName;"],
  ])('allows %s to import along the design', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
