import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { openDatabaseForCli, testEngines } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

/**
 * Kill -9 the daily run and the delivery at random moments, again and again, then let it
 * finish: every reminder reaches the real SMTP server, none is lost, and none arrives under two
 * Message-IDs. A kill that lands between the server's "250 OK" and our commit can make the
 * server receive the same Message-ID twice (at-least-once delivery, which receivers dedupe by
 * Message-ID); such repeats are counted and can never exceed the number of kills.
 */
const customers = 40;
const asOf = '2026-11-17';
const now = '2026-11-17T13:00:00Z'; // 10:00 in São Paulo, a Tuesday
const bin = new URL('../../bin/regua.js', import.meta.url).pathname;

for (const engine of testEngines) {
  describe(`crash safety of run and delivery [${engine}]`, () => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    let env: NodeJS.ProcessEnv;
    let dropDatabase: (() => Promise<void>) | undefined;

    before(async () => {
      smtp = await startSmtpServer();
      const opened = await openDatabaseForCli(engine, 'crash');
      const database = opened.database;
      env = opened.env;
      dropDatabase = opened.drop;
      const org = await givenOrganisation(database.db, 'crash');
      for (let i = 1; i <= customers; i++) {
        const id = await givenCustomer(database.db, org.id, { externalId: `C${i}` });
        await givenInvoice(database.db, org.id, id, { externalId: `INV-${i}`, dueDate: '2026-11-16', amountMinor: 10_000 + i });
      }
      await database.close();
    });

    after(async () => {
      await smtp.close();
      await dropDatabase?.();
    });

    it('delivers every reminder after repeated SIGKILLs, never under two Message-IDs', async () => {
      const childEnv = { ...process.env, ...env, SMTP_URL: smtp.url, REGUA_DEMO_ON_FIRST_START: '0' };
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      let kills = 0;
      // Odd rounds die at a random instant (start-up, deciding or delivering); even rounds die
      // right after the SMTP server accepted a random number of further messages.
      for (let round = 0; round < 6; round++) {
        const args = round % 3 === 2 ? ['deliver', '--now', now] : ['run', '--as-of', asOf, '--now', now];
        const target = smtp.messages.length + 1 + Math.floor(random() * 8);
        const startedAt = Date.now();
        const deadline = 500 + random() * 6000;
        const result = await runCli(args, childEnv, round % 2 === 0 ? () => smtp.messages.length >= target : () => Date.now() - startedAt >= deadline);
        if (result.killed) kills++;
        else assert.equal(result.code, 0, result.stderr);
      }
      // A test that never managed to kill anything would prove nothing about crashes.
      assert.ok(kills > 0, 'no SIGKILL landed on a running process');
      const deliveredBeforeRecovery = smtp.messages.length;
      const finalRun = await runCli(['run', '--as-of', asOf, '--now', now, '--json'], childEnv);
      assert.equal(finalRun.code, 0, finalRun.stderr);
      const finalDeliver = await runCli(['deliver', '--now', now, '--json'], childEnv);
      assert.equal(finalDeliver.code, 0, finalDeliver.stderr);
      const again = await runCli(['run', '--as-of', asOf, '--now', now, '--json'], childEnv);
      assert.deepEqual(JSON.parse(again.stdout).actions, { email: 0, sms: 0, whatsapp: 0, letter: 0, call_task: 0, other: 0 });

      const byMessageId = new Map<string, number>();
      for (const mail of smtp.messages) byMessageId.set(mail.messageId ?? '', (byMessageId.get(mail.messageId ?? '') ?? 0) + 1);
      const recipients = new Set(smtp.messages.map((m) => m.to));
      assert.equal(byMessageId.size, customers, 'one Message-ID per customer reminder');
      assert.equal(recipients.size, customers, 'every customer got the reminder');
      const repeats = smtp.messages.length - byMessageId.size;
      assert.ok(repeats <= kills, `${repeats} repeated deliveries, more than the ${kills} kills`);
      console.log(
        `# ${engine}: ${kills} kills landed, ${deliveredBeforeRecovery} delivered by killed processes, ${smtp.messages.length} deliveries, ${repeats} repeated Message-IDs`,
      );
      for (const mail of smtp.messages) assert.match(mail.subject ?? '', /./, 'every message has a subject');
    });
  });
}

function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  killWhen?: () => boolean,
): Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let killed = false;
    const timer =
      killWhen === undefined
        ? undefined
        : setInterval(() => {
            if (!killWhen() || child.exitCode !== null) return;
            killed = true;
            child.kill('SIGKILL');
            clearInterval(timer);
          }, 2);
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      // Killed only when the signal ended it: a process that exited on its own just before is not a kill.
      resolve({ code, killed: killed && signal === 'SIGKILL', stdout, stderr });
    });
  });
}
