import { Logger } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AdminAccountsService } from '@app/users';
import { readSecret } from './read-secret';
import { reportingRefusals } from './domain-errors';

interface CreateAdminOptions {
  username: string;
  email: string;
  password?: string;
  name?: string;
  resetPassword?: boolean;
}

@Command({
  name: 'create-admin',
  description:
    'Create an admin account, or promote an existing one (its password is kept unless --reset-password)',
})
export class CreateAdminCommand extends CommandRunner {
  private readonly logger = new Logger('create-admin');

  constructor(private readonly admins: AdminAccountsService) {
    super();
  }

  async run(_args: string[], options: CreateAdminOptions): Promise<void> {
    await reportingRefusals(this.logger, async () => {
      const exists = (await this.admins.findByUsername(options.username)) !== null;
      if (exists && !options.resetPassword && options.password !== undefined) {
        this.logger.warn(
          `"${options.username}" exists: its password is kept (add --reset-password to change it)`,
        );
      }
      const password =
        exists && !options.resetPassword
          ? undefined
          : (options.password ?? process.env.ADMIN_PASSWORD ?? (await readSecret('Password: ')));
      const result = await this.admins.createOrPromote({
        username: options.username,
        email: options.email,
        password,
        name: options.name,
        resetPassword: options.resetPassword,
      });
      const what = result.created
        ? 'created'
        : `promoted${result.passwordReset ? ' (password reset)' : ' (password kept)'}`;
      process.stdout.write(`${what} admin "${options.username}" (id ${result.id})\n`);
    });
  }

  @Option({ flags: '-u, --username <username>', description: 'login name', required: true })
  parseUsername(value: string): string {
    return value;
  }

  @Option({ flags: '-e, --email <email>', description: 'email address', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({
    flags: '-p, --password <password>',
    description: 'password (or ADMIN_PASSWORD, or a prompt)',
  })
  parsePassword(value: string): string {
    return value;
  }

  @Option({ flags: '-n, --name <name>', description: 'member name (default: the username)' })
  parseName(value: string): string {
    return value;
  }

  @Option({
    flags: '--reset-password',
    description: "overwrite an existing account's password (never done otherwise)",
  })
  parseResetPassword(): boolean {
    return true;
  }
}
