import { spawn } from 'node:child_process';
import type { AdminPasswordSource } from '../auth/admin';

/** What the `prepare-demo` child tells the demo wrapper: how the admin logs in (the password itself it printed). */
export interface DemoStorageReady {
  loginSource: AdminPasswordSource['source'];
}

/** In the `prepare-demo` child: tells the wrapper that started it (if one did) how to log in. */
export function reportDemoStorageReady(login: AdminPasswordSource): void {
  const ready: DemoStorageReady = { loginSource: login.source };
  process.send?.(ready);
}

/**
 * Migrates, seeds and prepares the demo's storage in a child process (this
 * CLI's own `prepare-demo`). Seeding holds the whole generated data set, over
 * a gigabyte, and a process does not hand that memory back to the system, so
 * done in the wrapper it would stay for as long as the server runs. The child
 * exits, and so does its memory; it also closes the data folder before
 * `next start` opens it.
 */
export function prepareDemoStorage(): Promise<DemoStorageReady> {
  // The same Node, loader flags (tsx, --conditions) and script as this process.
  const script = process.argv[1] ?? '';
  const child = spawn(process.execPath, [...process.execArgv, script, 'prepare-demo'], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let ready: DemoStorageReady | undefined;
    child.on('message', (message: DemoStorageReady) => {
      ready = message;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 && ready) resolve(ready);
      else reject(new Error(`Preparing the demo's storage failed (${signal ?? `exit code ${code}`}).`));
    });
  });
}
