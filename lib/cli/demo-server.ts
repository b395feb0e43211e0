import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { AdminPasswordSource } from '../auth/admin';

// server.ts, not `next start`: it reads client addresses from the socket (why, in server.ts).
const serverEntry = fileURLToPath(new URL('../../server.ts', import.meta.url));

/** Says how to log in; a generated password is printed before the server starts, so it is never lost. */
export function printLogin(login: AdminPasswordSource): void {
  if (login.source === 'generated') {
    console.log(`\n  Console password (shown once, only its hash is stored): ${login.password}\n`);
  }
}

/** Starts the app's server on the port, waits until that very server answers, then says where to go. */
export async function startDemoServer(port: number, loginSource: AdminPasswordSource['source']): Promise<void> {
  const instance = randomUUID();
  const server = spawn(process.execPath, ['--import', 'tsx', serverEntry, '--port', String(port)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PORT: String(port), KAIROS_INSTANCE: instance },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  const exited = new Promise<number>((resolve) => server.on('exit', (code) => resolve(code ?? 1)));

  const url = `http://localhost:${port}`;
  const ready = await Promise.race([waitForInstance(`${url}/api/health`, instance), exited.then(() => false)]);
  if (ready) {
    printBanner(url, loginSource);
  } else {
    console.error(
      `\nKairos did not start on port ${port}. If another program uses that port, choose another: PORT=3001 npm run demo`,
    );
    server.kill('SIGTERM');
    process.exitCode = 1;
    return;
  }
  process.exitCode = await exited;
}

async function waitForInstance(url: string, instance: string): Promise<boolean> {
  for (let attempt = 0; attempt < 480; attempt++) {
    try {
      const body = (await (await fetch(url)).json()) as { instance?: string };
      if (body.instance === instance) return true;
    } catch {
      // not listening yet, or not a Kairos server
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function printBanner(url: string, loginSource: AdminPasswordSource['source']): void {
  const how = {
    env: 'with the password in KAIROS_ADMIN_PASSWORD',
    stored: 'with the password printed when Kairos first started (forgot it? npm run kairos -- admin-password)',
    generated: 'with the password printed above',
  }[loginSource];
  console.log(
    [
      '',
      '  Kairos is running.',
      `  Demo store:  ${url}/`,
      `  Console:     ${url}/console`,
      `  Log in ${how}.`,
      "  The console's Overview walks you through a micro-moment in the store.",
      '  Stop with Ctrl+C.',
      '',
    ].join('\n'),
  );
}
