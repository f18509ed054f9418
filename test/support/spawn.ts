import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { recordOutput } from './log-capture';

export const ROOT = join(__dirname, '..', '..');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/<script> ...args` to completion, `input` piped to stdin (build first: `npm test` does). */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  cwd = ROOT,
  input?: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', script), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      recordOutput(stdout);
      recordOutput(stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `node dist/main` and resolves once it logs that it is listening. */
export function startMain(env: Record<string, string>, cwd: string, timeoutMs = 60_000): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
      cwd,
      env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((done) =>
      child.on('close', (code) => {
        recordOutput(out);
        done(code);
      }),
    );
    // A start that times out must not leave the app running behind the test (it holds the data directory).
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app did not start:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (out.includes('Namwoo listening on')) {
        clearTimeout(timer);
        resolve({ child, output: () => out, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code} before listening:\n${out}`));
    });
  });
}
