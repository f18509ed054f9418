import { checkCapturedLogs } from './log-capture';

/**
 * Runs after every test file (jest `setupFilesAfterEnv`): the log lines its apps produced must not contain the
 * names, phone numbers or e-mails the fakes seeded (issue #17 §9). A failing afterAll fails the file.
 */
afterAll(() => {
  const { file, lines, leaks } = checkCapturedLogs(expect.getState().testPath ?? 'unknown');
  if (leaks.length === 0) return;
  const shown = leaks
    .slice(0, 5)
    .map((l) => `  ${l.kind} "${l.value}" in: ${l.line.slice(0, 300)}`)
    .join('\n');
  throw new Error(
    `personal data in the logs: ${leaks.length} leak(s) in ${lines} captured lines (all lines: ${file})\n${shown}`,
  );
});
