import { Logger } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DomainError } from '@app/core';
import { AdminAccountsService } from '@app/users';
import { readSecret } from './read-secret';

interface CreateAdminOptions {
  username: string;
  email: string;
  password?: string;
  name?: string;
}

@Command({
  name: 'create-admin',
  description: 'Create an admin account, or promote an existing one and set its password',
})
export class CreateAdminCommand extends CommandRunner {
  private readonly logger = new Logger('create-admin');

  constructor(private readonly admins: AdminAccountsService) {
    super();
  }

  async run(_args: string[], options: CreateAdminOptions): Promise<void> {
    const password =
      options.password ?? process.env.ADMIN_PASSWORD ?? (await readSecret('Password: '));
    try {
      const result = await this.admins.createOrPromote({
        username: options.username,
        email: options.email,
        password,
        name: options.name,
      });
      process.stdout.write(
        `${result.created ? 'created' : 'promoted'} admin "${options.username}" (id ${result.id})\n`,
      );
    } catch (error) {
      if (error instanceof DomainError) {
        this.logger.error(`${error.code}: ${error.message}`);
        process.exitCode = 2;
        return;
      }
      throw error;
    }
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
}
