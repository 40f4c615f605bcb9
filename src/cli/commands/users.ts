import type { Command } from 'commander';
import { isRole } from '../../domain/roles.ts';
import { UserError } from '../../use-cases/errors.ts';
import { inviteUser } from '../../use-cases/users/invite-user.ts';
import { disableUserByEmail, listUsers } from '../../use-cases/users/manage-users.ts';
import { orgContextOf, withContext, type GlobalOptions } from '../context.ts';
import { textTable } from '../output.ts';

/** user create|list|disable: people who sign in to the web app, with their role in the --org organisation. */
export function registerUsers(program: Command, globals: () => GlobalOptions): void {
  const user = program.command('user').description('users who sign in, and their role in the organisation');
  user
    .command('create')
    .description('create a user (or add an existing one to the organisation) and print a one-time sign-in link (valid 7 days)')
    .argument('<email>', "the person's e-mail address")
    .requiredOption('--role <role>', 'viewer, collector, admin or owner')
    .option('--name <name>', "the person's name")
    .action(async (email: string, o: { role: string; name?: string }) => {
      if (!isRole(o.role)) throw new UserError(`unknown role "${o.role}": use viewer, collector, admin or owner`);
      const role = o.role;
      await withContext(globals(), async (context) => {
        const invitation = await inviteUser(
          context.database.db,
          orgContextOf(context),
          { email, role, name: o.name },
          { inviterRole: 'owner', publicUrl: context.config.publicUrl, email: false },
        );
        process.stdout.write(`${invitation.link}\n`);
        process.stderr.write(
          `user ${invitation.email} (${invitation.id}) is ${role} of ${context.org.slug}; the link above sets a password and signs in once, until ${invitation.expires_at.toISOString()}\n`,
        );
      });
    });

  user
    .command('list')
    .description("the organisation's users with their role")
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const users = await withContext(globals(), (context) => listUsers(context.database.db, orgContextOf(context)));
      if (o.json) {
        const items = users.map((u) => ({ ...u, last_sign_in_at: u.last_sign_in_at?.toISOString() ?? null }));
        return void process.stdout.write(`${JSON.stringify({ items }, null, 2)}\n`);
      }
      if (users.length === 0) return void process.stdout.write('no users\n');
      process.stdout.write(
        `${textTable(
          ['email', 'name', 'role', 'status', 'last sign-in'],
          users.map((u) => [u.email, u.name, u.role, u.disabled ? 'disabled' : 'active', u.last_sign_in_at?.toISOString() ?? '']),
        )}\n`,
      );
    });

  user
    .command('disable')
    .description('disable a user in the organisation: their sessions there end and they can no longer act in it')
    .argument('<email>', "the user's e-mail address")
    .action(async (email: string) => {
      const disabled = await withContext(globals(), (context) => disableUserByEmail(context.database.db, orgContextOf(context), email));
      process.stdout.write(`user ${disabled.email} disabled\n`);
    });
}
