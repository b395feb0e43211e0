import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AdminPasswordSource } from '../auth/admin';

const require = createRequire(import.meta.url);

/** Starts `next start` on the port, waits until it answers, then says where to go and how to log in. */
export async function startDemoServer(port: number, login: AdminPasswordSource): Promise<void> {
  const nextBin = require.resolve('next/dist/bin/next');
  const server = spawn(process.execPath, [nextBin, 'start', '--port', String(port)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PORT: String(port) },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  const exited = new Promise<number>((resolve) => server.on('exit', (code) => resolve(code ?? 0)));

  const url = `http://localhost:${port}`;
  const ready = await Promise.race([waitForHealth(`${url}/api/health`), exited.then(() => false)]);
  if (ready) printBanner(url, login);
  process.exitCode = await exited;
}

async function waitForHealth(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function printBanner(url: string, login: AdminPasswordSource): void {
  const how = {
    env: 'with the password in KAIROS_ADMIN_PASSWORD',
    stored: 'with the password printed when Kairos first started (forgot it? npm run kairos -- admin-password)',
    generated: `with this password (shown once, only its hash is stored): ${login.source === 'generated' ? login.password : ''}`,
  }[login.source];
  console.log(
    [
      '',
      '  Kairos is running.',
      `  Demo store:  ${url}/`,
      `  Console:     ${url}/console`,
      `  Log in ${how}`,
      '  Stop with Ctrl+C.',
      '',
    ].join('\n'),
  );
}
